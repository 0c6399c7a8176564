"""The `xxgk` command line: help, agency list/add, exit codes and messages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import fresh_credit_code
from xxgk.agencies.models import Agency

ROOT = Path(__file__).resolve().parent.parent


def test_help_lists_xxgk_commands_in_one_liners():
    out = subprocess.run([sys.executable, "-m", "xxgk.cli", "--help"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}, check=True).stdout
    own = out.split("xxgk commands:")[1].split("Django and library commands:")[0]
    for name in ("demo", "serve", "worker", "daily", "agency"):
        line = next(line for line in own.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)) == 2  # a name and its one-line summary
    assert "migrate" in out.split("Django and library commands:")[1]


@pytest.mark.django_db
class TestAgencyCommand:
    def test_add_then_list_json(self, capsys):
        root_code, child_code = fresh_credit_code(), fresh_credit_code()
        call_command("agency", "add", "--name", "某区人民政府", "--kind", "government", "--credit-code", root_code)
        call_command("agency", "add", "--name", "某区财政局", "--kind", "部门", "--parent", root_code,
                     "--credit-code", child_code)
        capsys.readouterr()
        call_command("agency", "list", "--json")
        rows = json.loads(capsys.readouterr().out)
        by_code = {r["credit_code"]: r for r in rows}
        assert by_code[root_code]["parent"] is None and by_code[root_code]["kind"] == "government"
        assert by_code[child_code] == {
            "name": "某区财政局", "short_name": "", "kind": "department", "kind_label": "部门",
            "parent": root_code, "credit_code": child_code, "active": True,
        }

    def test_wrong_code_exits_2_with_chinese_message(self):
        with pytest.raises(CommandError) as exc:
            call_command("agency", "add", "--name", "某局", "--kind", "department",
                         "--credit-code", "11341702486344515J")
        assert exc.value.returncode == 2 and "校验位错误" in str(exc.value)
        assert not Agency.objects.exists()

    def test_unknown_parent_exits_2(self):
        with pytest.raises(CommandError) as exc:
            call_command("agency", "add", "--name", "某局", "--kind", "department",
                         "--parent", "11341702486344515H", "--credit-code", fresh_credit_code())
        assert exc.value.returncode == 2 and "未找到统一社会信用代码为 11341702486344515H 的机关" in str(exc.value)


def test_cli_exit_status_for_bad_input(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
           "XXGK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    run = [sys.executable, "-m", "xxgk.cli"]
    subprocess.run(run + ["migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    bad = subprocess.run(run + ["agency", "add", "--name", "某局", "--kind", "nope", "--credit-code",
                                "11341702486344515H"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode == 2 and "机关类型“nope”无效" in bad.stderr
    ok = subprocess.run(run + ["agency", "list", "--json"], env=env, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout) == []
