"""The resources of a `terraform show -json` plan, and the facts about them the pricing rules need."""

import json
import re
from dataclasses import dataclass, field

HOURS_PER_WEEK = 168


@dataclass
class Resource:
    address: str
    type: str
    values: dict
    module: str = field(default="")

    def get(self, key, default=None):
        value = self.values.get(key)
        return default if value is None else value


def module_of(address):
    """`module.a.module.b.aws_x.name["k"]` -> `module.a.module.b`."""
    parts = re.findall(r'(module\.[^.\[]+(?:\[[^\]]*\])?)\.', address)
    prefix = ""
    for part in parts:
        if address.startswith(prefix + part + "."):
            prefix += part + "."
    return prefix.rstrip(".")


class Plan:
    """Managed resources that exist after the plan (created, updated or unchanged)."""

    def __init__(self, document):
        self.document = document
        self.resources = []
        for change in document.get("resource_changes", []):
            if change.get("mode") != "managed":
                continue
            actions = change.get("change", {}).get("actions", [])
            if actions == ["delete"]:
                continue
            values = change.get("change", {}).get("after") or {}
            self.resources.append(
                Resource(change["address"], change["type"], values, module_of(change["address"])))
        self.resources.sort(key=lambda r: r.address)

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    def of_type(self, type_name, module=None):
        return [r for r in self.resources
                if r.type == type_name and (module is None or r.module == module)]

    def region(self):
        config = self.document.get("configuration", {}).get("provider_config", {})
        for provider in config.values():
            if provider.get("name") == "aws":
                return provider.get("expressions", {}).get("region", {}).get("constant_value")
        return None

    def zones(self):
        """Distinct availability zones of the plan's subnets (one load balancer node per zone)."""
        return sorted({s.get("availability_zone") for s in self.of_type("aws_subnet")
                       if s.get("availability_zone")})

    def running_fraction(self, service):
        """Share of the week the service runs, from its scheduled scale-to-zero actions (1 without)."""
        actions = self.of_type("aws_appautoscaling_scheduled_action", service.module)
        up = [a for a in actions if _capacity(a) > 0]
        down = [a for a in actions if _capacity(a) == 0]
        if not up or not down:
            return 1.0, ""
        try:
            start_days, start_hour = parse_cron(up[0].get("schedule", ""))
            stop_days, stop_hour = parse_cron(down[0].get("schedule", ""))
        except ValueError as error:
            return 1.0, f"schedule not understood ({error}): priced as always on"
        hours = stop_hour - start_hour
        if hours <= 0:
            hours += 24
        weekly = min(HOURS_PER_WEEK, len(start_days) * hours)
        return weekly / HOURS_PER_WEEK, f"runs {weekly:g} h a week ({up[0].get('schedule')} to {down[0].get('schedule')})"


def _capacity(action):
    target = action.get("scalable_target_action") or [{}]
    target = target[0] if isinstance(target, list) else target
    value = target.get("max_capacity")
    return int(value) if value not in (None, "") else -1


DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]


def parse_cron(expression):
    """`cron(M H ? * DAYS *)` -> (set of days, hour as a float). Only fixed minute/hour forms."""
    match = re.fullmatch(r"cron\((\d+) (\d+) [?*] \* ([A-Z,\-*?]+) \*\)", expression.strip())
    if not match:
        raise ValueError(f"unsupported expression {expression!r}")
    minute, hour, days = int(match[1]), int(match[2]), match[3]
    if days in ("*", "?"):
        return set(DAYS), hour + minute / 60
    chosen = set()
    for part in days.split(","):
        if "-" in part:
            first, last = (DAYS.index(d) for d in part.split("-"))
            chosen.update(DAYS[first:last + 1])
        elif part in DAYS:
            chosen.add(part)
        else:
            raise ValueError(f"unsupported day {part!r}")
    return chosen, hour + minute / 60
