// The deployed system, drawn as SVG so it stays sharp, scales to a phone and can be read by a screen
// reader (title, description and a text list beside it). Static markup: no data goes into it.

const BOX_W = 150;
const BOX_H = 54;

interface Box {
  id: string;
  title: string;
  subtitle: string;
  kind: 'client' | 'edge' | 'compute' | 'data' | 'ops';
}

const BOXES: Box[] = [
  { id: 'browser', title: 'Browser', subtitle: 'this dashboard', kind: 'client' },
  { id: 'cloudfront', title: 'CloudFront', subtitle: 'CDN, HTTPS', kind: 'edge' },
  { id: 's3', title: 'S3', subtitle: 'static dashboard', kind: 'data' },
  { id: 'alb', title: 'ALB', subtitle: '/api/* · /health', kind: 'edge' },
  { id: 'ecs', title: 'ECS Fargate', subtitle: 'portfolio-api :8000', kind: 'compute' },
  { id: 'dynamodb', title: 'DynamoDB', subtitle: 'users · metrics', kind: 'data' },
  { id: 'cloudwatch', title: 'CloudWatch', subtitle: 'logs · EMF metrics', kind: 'ops' },
];

interface Layout {
  name: 'wide' | 'narrow';
  viewBox: string;
  at: Record<string, [number, number]>;
  /** [x1, y1, x2, y2, label] */
  arrows: [number, number, number, number, string][];
}

// Wide screens: left to right. Phones: top to bottom, drawn at about 1:1 so the text stays 13-17 px.
const LAYOUTS: Layout[] = [
  {
    name: 'wide',
    viewBox: '0 0 930 280',
    at: { browser: [10, 110], cloudfront: [200, 110], s3: [390, 16], alb: [390, 110], ecs: [580, 110], dynamodb: [770, 110], cloudwatch: [580, 214] },
    arrows: [[160, 137, 200, 137, ''], [350, 124, 390, 50, 'static'], [350, 137, 390, 137, ''], [540, 137, 580, 137, ''],
      [730, 137, 770, 137, ''], [655, 164, 655, 214, '']],
  },
  {
    name: 'narrow',
    viewBox: '0 0 340 430',
    at: { browser: [95, 10], cloudfront: [95, 100], s3: [5, 190], alb: [185, 190], ecs: [185, 280], dynamodb: [185, 370], cloudwatch: [5, 370] },
    arrows: [[170, 64, 170, 100, ''], [150, 154, 80, 190, ''], [190, 154, 260, 190, ''], [260, 244, 260, 280, ''],
      [260, 334, 260, 370, ''], [220, 334, 80, 370, '']],
  },
];

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function diagramMarkup(layout: Layout): string {
  const n = layout.name;
  const boxes = BOXES.map((b) => {
    const [x, y] = layout.at[b.id] ?? [0, 0];
    return `
    <g class="arch-box arch-${b.kind}" data-node="${b.id}">
      <rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="8" />
      <text x="${x + BOX_W / 2}" y="${y + 23}" class="arch-title">${escapeText(b.title)}</text>
      <text x="${x + BOX_W / 2}" y="${y + 42}" class="arch-subtitle">${escapeText(b.subtitle)}</text>
    </g>`;
  }).join('');
  const arrows = layout.arrows.map(([x1, y1, x2, y2, label]) => `
    <line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" class="arch-arrow" marker-end="url(#arch-head-${n})" />
    ${label ? `<text x="${(x1 + x2) / 2 - 14}" y="${(y1 + y2) / 2}" class="arch-label">${label}</text>` : ''}`).join('');
  return `
  <svg viewBox="${layout.viewBox}" role="img" aria-labelledby="arch-title-${n} arch-desc-${n}" class="arch-svg arch-svg-${n}">
    <title id="arch-title-${n}">Architecture</title>
    <desc id="arch-desc-${n}">The browser loads the dashboard from S3 through CloudFront. API calls go through
      CloudFront to an Application Load Balancer and on to the portfolio-api service on ECS Fargate, which
      stores data in DynamoDB and sends logs and metrics to CloudWatch.</desc>
    <defs>
      <marker id="arch-head-${n}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
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
  figure.innerHTML = `${LAYOUTS.map(diagramMarkup).join('')}
    <figcaption>
      In AWS, CloudFront serves this dashboard from S3 and forwards API calls to the load balancer in front
      of the Fargate tasks. Locally, one <code>portfolio-api</code> process serves both, on the embedded
      SQLite store.
    </figcaption>`;
  return figure;
}
