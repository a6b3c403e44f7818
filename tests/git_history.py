"""A temporary git repository with commits on fixed dates, for the tests of the history of records."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

FIRST = "2024-01-02T10:00:00+01:00"
SECOND = "2024-02-03T09:30:00+01:00"


def git(repo: Path, *args: str, date: str = FIRST) -> str:
    """Run git in `repo` with a fixed identity and date, and no user or system configuration."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Redactie", "GIT_AUTHOR_EMAIL": "redactie@example.org",
           "GIT_COMMITTER_NAME": "Redactie", "GIT_COMMITTER_EMAIL": "redactie@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def init(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")


def commit(repo: Path, message: str, date: str, *paths: str) -> str:
    """Stage `paths` (everything when none) and commit on `date`; returns the commit's sha."""
    git(repo, "add", "-A", *(paths or (".",)), date=date)
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def edit_summary(path: Path, summary: str) -> None:
    """Replace the record's one-line `summary:`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"summary: {summary}" if line.startswith("summary:") else line for line in lines) + "\n",
                    encoding="utf-8")
