"""The pull-request checks: GitHub Actions and GitLab CI run the same steps, pre-commit runs `kennisbank check`."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import MINI, ROOT

BIN = Path(sys.executable).parent


def _runs(workflow: dict) -> list[str]:
    return [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict) -> list[str]:
    return [step.get("uses", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_github_pull_request_workflow_runs_every_check() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    runs = _runs(workflow)
    for command in ("kennisbank check --strict --format github", "mkdocs build --strict", "kennisbank links site", "make test"):
        assert any(command in run for run in runs), command
    assert any(u.startswith("actions/upload-artifact@") for u in _uses(workflow))


def test_gitlab_pipeline_runs_the_same_checks() -> None:
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))

    def script(job: str) -> list[str]:
        return [line for item in pipeline[job]["script"] for line in (item if isinstance(item, list) else [item])]

    assert "kennisbank check --strict" in script("check")
    assert "mkdocs build --strict" in script("build") and "kennisbank links site" in script("build")
    assert pipeline["build"]["artifacts"]["paths"] == ["site"]
    assert "make test" in script("test")


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _lines(script: object) -> list[str]:
    """A GitLab script with its anchors (nested lists) flattened."""
    return [line for item in script for line in _lines(item)] if isinstance(script, list) else [str(script)]


_PIP_INSTALL = re.compile(r"\s*(\S*/)?pip install ")


def test_every_install_is_from_the_lock_on_python_3_11():
    """CI installs exactly what requirements.lock pins, hashes checked; the project itself without dependencies."""
    def from_lock(line: str) -> bool:
        return "--require-hashes -r requirements.lock" in line or "--no-deps" in line

    for name in ("ci.yml", "pages.yml", "release.yml"):
        workflow = _workflow(name)
        steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
        pythons = [step["with"]["python-version"] for step in steps if step.get("uses", "").startswith("actions/setup-python@")]
        assert pythons and set(pythons) == {"3.11"}, name
        installs = [line for run in _runs(workflow) for line in run.splitlines() if _PIP_INSTALL.match(line)]
        assert installs == [line for line in installs if from_lock(line)], name
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    jobs = {name: job for name, job in pipeline.items() if isinstance(job, dict) and "script" in job}
    assert pipeline["default"]["image"].startswith("python:3.11-")
    assert all(job.get("image", pipeline["default"]["image"]).startswith("python:3.11-") for job in jobs.values())
    installs = [line for job in jobs.values() for line in _lines(job["script"]) if _PIP_INSTALL.match(line)]
    assert installs and installs == [line for line in installs if from_lock(line)]


def test_a_tag_builds_the_wheel_and_attaches_it_on_github_and_gitlab():
    release = _workflow("release.yml")
    assert release[True] == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {"contents": "read"}  # write only for the job that makes the release
    (job,) = release["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    runs = "\n".join(_runs(release))
    assert "pip wheel --no-deps --no-build-isolation -w dist ." in runs
    assert "kennisbank init" in runs and "mkdocs build --strict" in runs  # the wheel itself tried, without Node.js
    assert 'gh release upload "$GITHUB_REF_NAME" dist/*.whl' in runs
    assert '"$GITHUB_REF_NAME"' in runs and "pyproject.toml" in runs  # the tag must be the package's version

    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["release"]
    assert gitlab["rules"] == [{"if": "$CI_COMMIT_TAG =~ /^v[0-9]/"}]
    script = _lines(gitlab["script"])
    assert "pip wheel -q --no-deps --no-build-isolation -w dist ." in script
    assert any("--upload-file \"dist/$WHEEL\"" in line for line in script)
    assert "/packages/generic/" in gitlab["variables"]["PACKAGE_URL"]
    assert gitlab["artifacts"]["paths"] == ["dist/"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def _pre_commit(repo: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "PRE_COMMIT_HOME": str(tmp / "pc-home")}
    return subprocess.run([str(BIN / "pre-commit"), "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)


def test_pre_commit_runs_kennisbank_check_on_data_changes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "data")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / "mkdocs.yml").write_text("site_name: t\nextra:\n  kennisbank:\n    data: [data]\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    passed = _pre_commit(repo, tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "kennisbank check" in passed.stdout and "Passed" in passed.stdout

    (repo / "data" / "themes" / "gedeelde-ambitie.yaml").write_text("title: Kapot\nsumary: typfout\n", encoding="utf-8")
    _git(repo, "add", ".")
    failed = _pre_commit(repo, tmp_path)
    assert failed.returncode == 1
    assert "data/themes/gedeelde-ambitie.yaml:2: fout: thema 'gedeelde-ambitie': onbekend veld 'sumary'." in failed.stdout


def test_pre_commit_hook_definition_for_other_repositories() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "kennisbank-check" and hooks[0]["entry"] == "kennisbank check"
    assert hooks[0]["pass_filenames"] is False  # references cross files: always check the whole knowledge base


def test_zensical_is_tried_on_a_generated_project_in_a_job_that_may_fail() -> None:
    """docs/onderhoud/sitegenerator.md: the job shows how far Zensical is, and blocks nothing."""
    github = _workflow("ci.yml")["jobs"]["zensical"]
    assert github["continue-on-error"] is True
    assert any("scripts/try-zensical.sh" in step.get("run", "") for step in github["steps"])
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["zensical"]
    assert gitlab["allow_failure"] is True and any("scripts/try-zensical.sh" in line for line in _lines(gitlab["script"]))
    script = (ROOT / "scripts" / "try-zensical.sh").read_text(encoding="utf-8")
    assert "kennisbank generate" in script and "zensical\" build" in script
    assert "scripts/try-zensical.sh" in (ROOT / "docs" / "onderhoud" / "sitegenerator.md").read_text(encoding="utf-8")


def _cache_step(steps: list[dict], before: str) -> dict:
    """The actions/cache step of .cache/kennisbank, checked to come before the step that runs `before`."""
    caches = [i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@")
              and step["with"]["path"] == ".cache/kennisbank"]
    building = [i for i, step in enumerate(steps) if before in step.get("run", "")]
    assert len(caches) == 1 and building and caches[0] < building[0], before
    return steps[caches[0]]


def test_the_build_jobs_keep_downloads_and_references_across_runs():
    """A cold build spends most of its time on the downloads: every job that builds the site restores
    .cache/kennisbank, keyed on the lock file and the generator's version (then the data, for the newest match)."""
    jobs = [(_workflow("ci.yml")["jobs"]["data-en-site"], "mkdocs build --strict"),
            (_workflow("ci.yml")["jobs"]["zensical"], "scripts/try-zensical.sh"),
            (_workflow("pages.yml")["jobs"]["build"], "mkdocs build --strict")]
    for job, builds in jobs:
        cache = _cache_step(job["steps"], builds)["with"]
        versions = "${{ hashFiles('requirements.lock', 'pyproject.toml') }}"
        (restore,) = cache["restore-keys"].strip().splitlines()
        assert versions in restore and cache["key"].startswith(restore)  # a data change restores the newest cache
        assert "hashFiles('data/**'" in cache["key"][len(restore):]
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ".cache/kennisbank" in pipeline["cache"]["paths"]
    assert pipeline["cache"]["key"] == {"files": ["requirements.lock", "pyproject.toml"], "prefix": "$CI_COMMIT_REF_SLUG"}
    assert all("cache" not in job for job in pipeline.values() if isinstance(job, dict))  # no job widens the key


def test_every_job_that_builds_the_site_checks_out_the_whole_history():
    """Record pages and 'Nieuw en gewijzigd' date the changes from git log (#19); a shallow clone has no dates."""
    for name in ("ci.yml", "pages.yml"):
        for job_name, job in _workflow(name)["jobs"].items():
            runs = "\n".join(step.get("run", "") for step in job.get("steps", []))
            if "mkdocs build" not in runs and "try-zensical" not in runs:
                continue
            checkouts = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
            assert checkouts and all(step.get("with", {}).get("fetch-depth") == 0 for step in checkouts), (name, job_name)
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == "0"  # GitLab's default is a clone of 20 commits
    assert not any("GIT_DEPTH" in job.get("variables", {}) for job in pipeline.values() if isinstance(job, dict))
