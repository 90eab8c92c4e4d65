"""The runtime apps never import development tools: benchmarks/ measures community and moderation, not the
other way round (README, "Performance"; issue 13 item 4).

Every import node is walked, function bodies included: an import hidden inside a function still makes the
runtime depend on the tool.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_APPS = ("community", "moderation")
TOOL = "benchmarks"


def imported_modules(source: str, module: str) -> list[str]:
    """Every module an `import` or `from ... import` in `source` names, relative imports resolved against
    `module` (the dotted name of the file), and the imported names included (`from x import benchmarks`)."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found += [target] + [f"{target}.{alias.name}" for alias in node.names]
    return found


def tool_imports(source: str, module: str) -> list[str]:
    return [name for name in imported_modules(source, module) if TOOL in name.split(".")]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_in_community_or_moderation_imports_the_benchmarks():
    offenders = {}
    checked = 0
    for app in RUNTIME_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            checked += 1
            if names := tool_imports(path.read_text(encoding="utf-8"), module_name(path)):
                offenders[str(path.relative_to(ROOT))] = names
    assert offenders == {}
    assert checked > 100  # both apps were really walked


def test_the_benchmarks_package_lives_outside_the_runtime_apps():
    assert (ROOT / TOOL / "__main__.py").is_file()
    for app in RUNTIME_APPS:
        assert not (ROOT / app / TOOL).exists()
        assert not (ROOT / app / "management" / "commands" / "benchmark.py").exists()


def test_the_import_check_sees_imports_hidden_in_functions_and_relative_ones():
    source = """
import json
from community.models import Post

def profile():
    from benchmarks.runner import run
    return run

class Command:
    def handle(self):
        import benchmarks.cases.reply_post
        from .. import benchmarks
"""
    assert tool_imports(source, "moderation.management.commands.tool") == [
        "benchmarks.runner",
        "benchmarks.runner.run",
        "benchmarks.cases.reply_post",
        "moderation.management.benchmarks",
    ]
    assert tool_imports("from community.services import posts\n", "moderation.x") == []


# ------------------------------------------------------------------------------------------------------
# Shared plumbing, defined once (issue 13 item 5)
# ------------------------------------------------------------------------------------------------------


def runtime_modules():
    for app in RUNTIME_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_the_transient_errors_of_both_apps_are_defined_in_one_place():
    definitions = [
        str(path.relative_to(ROOT))
        for path, tree in runtime_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id == "TRANSIENT_ERRORS"
    ]
    assert definitions == ["community/celery_tasks.py"]


def test_task_modules_import_everything_at_the_top():
    for app in RUNTIME_APPS:
        body = ast.parse((ROOT / app / "tasks.py").read_text(encoding="utf-8")).body
        first = next(i for i, node in enumerate(body) if isinstance(node, ast.FunctionDef | ast.ClassDef))
        late = [node.lineno for node in body[first:] if isinstance(node, ast.Import | ast.ImportFrom)]
        assert late == [], f"{app}/tasks.py imports after its first task, line(s) {late}"


def test_every_task_of_both_apps_has_the_shared_base_task_and_retry_policy():
    from community import celery_app  # noqa: F401  (binds shared tasks to the app)
    from community import tasks as community_tasks
    from community.celery_tasks import TRANSIENT_ERRORS, HearthTask
    from community.services.outbox import TransientDeliveryError
    from moderation import tasks as moderation_tasks

    # Outbox delivery records its own failures on the row; it retries only what the service calls transient.
    narrowed = {"community.deliver_outbound_message": (TransientDeliveryError,)}
    tasks = {
        (app, value.name): value
        for app, module in (("community", community_tasks), ("moderation", moderation_tasks))
        for value in vars(module).values()
        if hasattr(value, "delay") and not isinstance(value, type) and value.name.startswith(f"{app}.")
    }
    assert {app for app, _ in tasks} == {"community", "moderation"}
    assert ("moderation", "moderation.screen_post_slow") in tasks
    for (app, name), task in tasks.items():
        assert isinstance(task, HearthTask), name
        assert name == f"{app}.{task.run.__name__}", name
        assert task.serializer == "json" and task.acks_late and task.reject_on_worker_lost, name
        assert tuple(task.autoretry_for) == narrowed.get(name, TRANSIENT_ERRORS), name
        assert task.retry_backoff and task.retry_jitter and task.max_retries, name
        assert 0 < task.soft_time_limit < task.time_limit, name


def test_communitys_admin_modules_import_each_other_one_way_only():
    admin_modules = {module_name(path): path for path in (ROOT / "community").glob("admin*.py")}
    imports = {
        module: set(imported_modules(path.read_text(encoding="utf-8"), module)) & set(admin_modules)
        for module, path in admin_modules.items()
    }
    assert "community.admin_outbox" in imports["community.admin"]  # admin autodiscovery loads it from there
    loops = sorted((a, b) for a in imports for b in imports[a] if a < b and a in imports[b])
    assert loops == []


def test_the_outbound_message_admin_is_registered_once_with_its_requeue_action():
    from django.contrib import admin

    from community.admin_outbox import OutboundMessageAdmin
    from community.models import OutboundMessage

    registered = admin.site._registry[OutboundMessage]
    assert type(registered) is OutboundMessageAdmin
    assert "requeue" in registered.actions
    assert {"last_error", "locked_until"} <= set(registered.readonly_fields)


def test_query_count_tests_take_their_ceilings_from_the_one_budget_module():
    own_numbers = {}
    for path in sorted((ROOT / "tests").rglob("test_query_counts.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            pinned = (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") in ("django_assert_max_num_queries", "counted_get")
                and any(isinstance(arg, ast.Constant) for arg in node.args)
            )
            named = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("_QUERIES") for t in node.targets
            )
            if pinned or named:
                own_numbers.setdefault(str(path.relative_to(ROOT)), []).append(node.lineno)
    assert own_numbers == {}


# ------------------------------------------------------------------------------------------------------
# community never imports moderation (issue 13 item 1): it owns a port, moderation plugs in
# ------------------------------------------------------------------------------------------------------
OTHER_APP = "moderation"


def moderation_imports(source: str, module: str) -> list[str]:
    """Every import of moderation in ``source``, at any depth (function bodies, classes, relative)."""
    return [name for name in imported_modules(source, module) if name.split(".")[0] == OTHER_APP]


def test_no_module_under_community_imports_moderation_not_even_inside_a_function():
    offenders = {}
    paths = sorted((ROOT / "community").rglob("*.py"))
    for path in paths:
        if names := moderation_imports(path.read_text(encoding="utf-8"), module_name(path)):
            offenders[str(path.relative_to(ROOT))] = names
    assert offenders == {}
    assert len(paths) > 50  # the whole app was walked


def test_the_moderation_import_check_sees_hidden_and_relative_imports():
    source = """
from community.models import Post

def screen(post):
    from moderation.services import screening
    return screening

class Admin:
    def act(self):
        import moderation.gateway
        from ..moderation import selectors
"""
    assert moderation_imports(source, "community.admin") == [
        "moderation.services",
        "moderation.services.screening",
        "moderation.gateway",
        "moderation",
        "moderation.selectors",
    ]
    assert moderation_imports("from community import moderation_port\n", "community.care") == []


def test_moderation_registers_its_implementation_of_communitys_port():
    from community import moderation_port
    from moderation import gateway

    assert moderation_port.get() is gateway
    assert isinstance(gateway, moderation_port.ModerationPort)


PROBE = """
import django
from django.apps import apps
from django.core.management import call_command

django.setup()
assert not apps.is_installed("moderation")
call_command("migrate", verbosity=0, interactive=False)

from community import moderation_port
from community.models import Member, Space
from community.services.posts import post_create
from community.services.threads import thread_create

author = Member.objects.create_user(email="ana@example.org", password="x", display_name="Ana")
space = Space.objects.create(name="Evenings", slug="evenings")
thread = thread_create(space=space, author=author, title="Tonight", body="Hello, everyone.").thread
result = post_create(thread=thread, author=author, body="I don't want to be here anymore.")
result.post.refresh_from_db()
print(type(moderation_port.get()).__name__)
print(result.screening == moderation_port.ScreeningOutcome())
print(result.post.status, result.post.is_sensitive)
print(moderation_port.support_panel().message)
print(moderation_port.moderator_space_ids(member=author))
print("modules:", sorted(m for m in __import__("sys").modules if m.split(".")[0] == "moderation"))
"""


def test_community_posts_without_moderation_installed_and_screening_falls_back_to_the_ports_default():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_without_moderation",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.strip().splitlines()
    assert lines[0] == "SafeDefault"
    assert lines[1] == "True"  # nothing flagged, nothing held: the default screening
    assert lines[2] == "published False"
    assert "local emergency number" in lines[3]
    assert lines[4] == "[]"  # nobody moderates anything without moderation (but superusers)
    assert lines[5] == "modules: []"  # and nothing of moderation was even imported


# ------------------------------------------------------------------------------------------------------
# One name for the person acting (issue 13 item 2)
# ------------------------------------------------------------------------------------------------------
ACTOR_ALIASES = {"by", "editor", "moderator"}


def actor_aliases(source: str) -> list[str]:
    """Public functions whose keyword-only parameters name the person acting anything but ``actor``."""
    return [
        f"{node.name}({arg.arg}=)"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
        for arg in node.args.kwonlyargs
        if arg.arg in ACTOR_ALIASES
    ]


def test_every_service_names_the_person_acting_actor():
    offenders = {}
    for app in RUNTIME_APPS:
        for path in sorted((ROOT / app / "services").glob("*.py")):
            if names := actor_aliases(path.read_text(encoding="utf-8")):
                offenders[str(path.relative_to(ROOT))] = names
    assert offenders == {}
    assert actor_aliases("def thread_close(*, thread, by=None): ...\n") == ["thread_close(by=)"]


# ------------------------------------------------------------------------------------------------------
# Split by entity, not by channel (issue 13 item 3)
# ------------------------------------------------------------------------------------------------------
def test_moderators_writes_live_in_one_module_per_entity_not_a_catch_all():
    services = ROOT / "moderation" / "services"
    assert not (services / "actions.py").exists()
    for entity in ("review_items", "posts", "threads", "sanctions", "notes"):
        assert (services / f"{entity}.py").is_file(), entity


def test_moderations_api_views_read_through_its_selectors_not_their_own_queries():
    queries = []
    for name in ("views.py", "member_views.py"):
        path = ROOT / "moderation" / "api" / name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # Model.objects.<anything but none()>: a query written in the view
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "objects"
                and node.attr != "none"
            ):
                queries.append(f"{name}:{node.lineno}")
    assert queries == []
