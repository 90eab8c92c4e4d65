"""community reaches moderation only through moderation.gateway, never through its internals."""

import ast
from pathlib import Path

COMMUNITY = Path(__file__).resolve().parents[2] / "community"


def moderation_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "moderation"]
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("moderation")
        ):
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if node.module.split(".")[0] == "moderation"
            ]
    return found


def test_community_imports_nothing_from_moderation_but_the_gateway():
    def allowed(name: str) -> bool:
        return name == "moderation.gateway" or name.startswith("moderation.gateway.")

    offenders = {
        str(path.relative_to(COMMUNITY.parent)): names
        for path in COMMUNITY.rglob("*.py")
        if (names := [n for n in moderation_imports(path) if not allowed(n)])
    }
    assert offenders == {}
    # The check can fail: it does see the gateway imports that are there.
    assert any(moderation_imports(path) for path in COMMUNITY.rglob("*.py"))
