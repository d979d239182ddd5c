#!/usr/bin/env python3
"""Which translation units clang-tidy must check again, and a record of those that passed.

A unit is identified by the SHA-256 of its preprocessed text (every header it includes, as the
compiler sees it), its compile command, .clang-tidy and the clang-tidy version: when none of these
changed since the unit last passed, checking it again cannot find anything new.

  tidy_cache.py pending COMPILE_DB ROOT_REGEX CACHE_DIR   prints the files to check, one a line
  tidy_cache.py passed  CACHE_DIR                         records the last `pending` run's units
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys


def preprocess_command(entry):
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    if os.path.basename(args[0]) == "ccache":
        args = args[1:]
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
        elif arg not in ("-MD", "-MMD", "-c"):
            out.append(arg)
    return out + ["-E", "-o", "-"]


def unit_key(entry, salt):
    done = subprocess.run(preprocess_command(entry), cwd=entry["directory"], capture_output=True)
    if done.returncode != 0:
        return None  # not cacheable; clang-tidy reports it
    digest = hashlib.sha256(salt)
    digest.update(entry.get("command", " ".join(entry.get("arguments", []))).encode())
    digest.update(done.stdout)
    return digest.hexdigest()


def pending(compile_db, root_regex, cache_dir):
    with open(compile_db) as f:
        entries = [e for e in json.load(f) if re.match(root_regex, e["file"])]
    version = subprocess.run(["clang-tidy", "--version"], capture_output=True, text=True).stdout
    with open(".clang-tidy", "rb") as f:
        salt = version.encode() + f.read()
    os.makedirs(cache_dir, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        keys = list(pool.map(lambda e: unit_key(e, salt), entries))
    todo = [(e["file"], k) for e, k in zip(entries, keys)
            if k is None or not os.path.exists(os.path.join(cache_dir, k))]
    with open(os.path.join(cache_dir, "pending.json"), "w") as f:
        json.dump([k for _, k in todo if k], f)
    print(f"clang-tidy: {len(entries) - len(todo)} of {len(entries)} units unchanged since they passed",
          file=sys.stderr)
    for file, _ in todo:
        print(file)


def passed(cache_dir):
    with open(os.path.join(cache_dir, "pending.json")) as f:
        for key in json.load(f):
            open(os.path.join(cache_dir, key), "w").close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["pending"] and len(sys.argv) == 5:
        pending(*sys.argv[2:])
    elif sys.argv[1:2] == ["passed"] and len(sys.argv) == 3:
        passed(sys.argv[2])
    else:
        sys.exit(__doc__)
