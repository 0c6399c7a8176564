"""`xxgk demo`: migrate, load the 西工区 demo, then serve it with the task worker."""

import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from xxgk.demo.generate import generate
from xxgk.demo.loader import demo_loaded, demo_logins, load_demo
from xxgk.platform.management.commands.serve import default_binds, gunicorn_argv


class Command(BaseCommand):
    help = "Migrate, load the deterministic 西工区 demo, and serve it with the worker (--no-serve: load only)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["generate"],
                            help="generate: add a synthetic province-sized dataset (for benchmarks).")
        parser.add_argument("--agencies", type=int, default=100, help="generate: agencies (default 100).")
        parser.add_argument("--items", type=int, default=10000, help="generate: published items (default 10000).")
        parser.add_argument("--cases", type=int, default=10000, help="generate: cases (default 10000).")
        parser.add_argument("--seed", type=int, default=1, help="generate: random seed (default 1).")
        parser.add_argument("--no-serve", action="store_true", help="Only migrate and load the demo data.")
        parser.add_argument("--bind", action="append", default=None,
                            help="Listen address (default 127.0.0.1:8000 and [::1]:8000).")

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        if opts["action"] == "generate":
            return self._generate(opts)
        if demo_loaded():
            self.stdout.write("演示数据已存在，未重复加载。")
        else:
            load_demo()
            self.stdout.write("演示数据已加载：西工区人民政府及其部门、9个街道办事处、工作人员和申请人。")
        binds = opts["bind"] or default_binds()
        self.stdout.write("\n演示账号（用户名 / 密码 / 身份）：")
        for username, password, what in demo_logins():
            self.stdout.write(f"  {username:<16} {password}   {what}")
        if opts["no_serve"]:
            return
        self.stdout.write(f"\n门户: http://{binds[0]}/   工作台: http://{binds[0]}/workspace/   (Ctrl+C 停止)\n")
        self.stdout.flush()
        self._serve(binds)

    def _generate(self, opts):
        if min(opts["agencies"], opts["items"], opts["cases"]) < 0:
            raise CommandError("数量不能为负数。")
        started = time.monotonic()
        last = {}

        def progress(what, done, total):
            now = time.monotonic()
            if done == total or now - last.get(what, 0) > 2:
                last[what] = now
                self.stderr.write(f"\r{ {'items': '信息', 'cases': '案件'}[what]} {done}/{total}", ending="")
                if done == total:
                    self.stderr.write("")

        made = generate(agencies=opts["agencies"], items=opts["items"], cases=opts["cases"], seed=opts["seed"],
                        progress=progress)
        self.stdout.write(f"已生成：机关{made['agencies']}个、主动公开信息{made['items']}条、依申请公开案件{made['cases']}件"
                          f"（{time.monotonic() - started:.1f}秒）。")

    def _serve(self, binds):
        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        worker = subprocess.Popen([sys.executable, "-m", "xxgk.cli", "worker"], env=env)
        web = subprocess.Popen(gunicorn_argv(binds=binds, workers=2, threads=4), env=env)
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (web, worker):
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()
