// The deployed system, drawn as SVG so it stays sharp, scales to a phone and can be read by a screen
// reader (title, description and a text list beside it). Static markup: no data goes into it.

const BOX_W = 150;
const BOX_H = 54;

interface Box {
  id: string;
  x: number;
  y: number;
  title: string;
  subtitle: string;
  kind: 'client' | 'edge' | 'compute' | 'data' | 'ops';
}

const BOXES: Box[] = [
  { id: 'browser', x: 10, y: 110, title: 'Browser', subtitle: 'this dashboard', kind: 'client' },
  { id: 'cloudfront', x: 200, y: 110, title: 'CloudFront', subtitle: 'CDN, HTTPS', kind: 'edge' },
  { id: 's3', x: 390, y: 16, title: 'S3', subtitle: 'static dashboard', kind: 'data' },
  { id: 'alb', x: 390, y: 110, title: 'ALB', subtitle: '/api/* · /health', kind: 'edge' },
  { id: 'ecs', x: 580, y: 110, title: 'ECS Fargate', subtitle: 'portfolio-api :8000', kind: 'compute' },
  { id: 'dynamodb', x: 770, y: 110, title: 'DynamoDB', subtitle: 'users · metrics', kind: 'data' },
  { id: 'cloudwatch', x: 580, y: 214, title: 'CloudWatch', subtitle: 'logs · EMF metrics', kind: 'ops' },
];

// [x1, y1, x2, y2, label]
const ARROWS: [number, number, number, number, string][] = [
  [160, 137, 200, 137, ''],
  [350, 124, 390, 50, 'static'],
  [350, 137, 390, 137, ''],
  [540, 137, 580, 137, ''],
  [730, 137, 770, 137, ''],
  [655, 164, 655, 214, ''],
];

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function diagramMarkup(): string {
  const boxes = BOXES.map((b) => `
    <g class="arch-box arch-${b.kind}" data-node="${b.id}">
      <rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${BOX_H}" rx="8" />
      <text x="${b.x + BOX_W / 2}" y="${b.y + 23}" class="arch-title">${escapeText(b.title)}</text>
      <text x="${b.x + BOX_W / 2}" y="${b.y + 42}" class="arch-subtitle">${escapeText(b.subtitle)}</text>
    </g>`).join('');
  const arrows = ARROWS.map(([x1, y1, x2, y2, label]) => `
    <line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="arch-arrow" marker-end="url(#arch-head)" />
    ${label ? `<text x="${(x1 + x2) / 2 - 14}" y="${(y1 + y2) / 2}" class="arch-label">${label}</text>` : ''}`).join('');
  return `
  <svg viewBox="0 0 930 280" role="img" aria-labelledby="arch-title arch-desc" class="arch-svg">
    <title id="arch-title">Architecture</title>
    <desc id="arch-desc">The browser loads the dashboard from S3 through CloudFront. API calls go through
      CloudFront to an Application Load Balancer and on to the portfolio-api service on ECS Fargate, which
      stores data in DynamoDB and sends logs and metrics to CloudWatch.</desc>
    <defs>
      <marker id="arch-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M0,0 L10,5 L0,10 z" class="arch-head" />
      </marker>
    </defs>
    ${arrows}
    ${boxes}
  </svg>`;
}

export function architectureDiagram(): HTMLElement {
  const figure = document.createElement('figure');
  figure.className = 'arch';
  figure.innerHTML = `${diagramMarkup()}
    <figcaption>
      In AWS, CloudFront serves this dashboard from S3 and forwards API calls to the load balancer in front
      of the Fargate tasks. Locally, one <code>portfolio-api</code> process serves both, on the embedded
      SQLite store.
    </figcaption>`;
  return figure;
}
