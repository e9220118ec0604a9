"""The `corridor-atlas` command: ingest, demo, info, verify, serve, export, fetch."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.cli_fetch import add_fetch_parser, run_fetch
from dashboard.export.command import export_view
from dashboard.export.formats import FORMATS, PICTURE_SIZES
from dashboard.security import hash_password
from dashboard.services import build_services
from dashboard.serving import PublicAddressRefused, check_exposure, serve_development, serve_production
from dashboard.settings import Settings, resolve_data_dir
from dashboard.view_document import precompute_default_signals
from geodata.errors import GeodataValidationError, IngestError
from geodata.trade.ingest import ingest_demo, ingest_files
from geodata.trade.store import StoreLayout
from geodata.trade.verify import report_lines, restore_last_good, verify_store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridor-atlas", description="Trade corridors around sanctions on Russia"
    )
    parser.add_argument("--data-dir", help="the data store (default: $CORRIDOR_ATLAS_DATA, else ./data)")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser(
        "ingest", help="add Comtrade, Comext or BACI files to the store (format auto-detected)"
    )
    ingest.add_argument("files", nargs="+", type=Path)
    ingest.add_argument("--strict", action="store_true", help="stop on the first row that would be skipped")
    ingest.add_argument("--eur-usd", type=Path, help="monthly USD-per-EUR table replacing the bundled one")
    ingest.add_argument(
        "--replace-demo",
        action="store_true",
        help="drop the synthetic demo from the store (never mixed with real data)",
    )
    verify = commands.add_parser(
        "verify", help="check every file of the store against the manifest's checksums"
    )
    verify.add_argument("--quick", action="store_true", help="sizes and Parquet footers only, no checksums")
    verify.add_argument(
        "--restore", action="store_true", help="point `current` at the newest intact snapshot"
    )
    demo = commands.add_parser("demo", help="build the synthetic demo dataset (labelled as such everywhere)")
    demo.add_argument("--rows", type=int, help="about this many rows (default: the quick demo, ~0.5 M)")
    demo.add_argument("--seed", type=int, default=7)
    info = commands.add_parser("info", help="show the store's manifest")
    info.add_argument("--json", action="store_true", help="print the manifest as JSON")
    serve = commands.add_parser("serve", help="serve the dashboard (gunicorn; --debug: development server)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--debug", action="store_true", help="Werkzeug's development server, one process")
    serve.add_argument("--workers", type=int, help="processes (default: $CORRIDOR_ATLAS_WORKERS, else 2)")
    serve.add_argument(
        "--threads", type=int, help="threads per process (default: $CORRIDOR_ATLAS_THREADS, else 4)"
    )
    serve.add_argument("--export-timeout", type=int, help="seconds one export may run (default 120)")
    serve.add_argument(
        "--public", action="store_true", help="allow a non-loopback --host without authentication"
    )
    commands.add_parser("hash-password", help="hash a password for CORRIDOR_ATLAS_BASIC_AUTH (reads stdin)")
    export = commands.add_parser("export", help="export a view (its URL query) as briefing material")
    export.add_argument(
        "--view", default="", help="the view's URL query string, e.g. 'goods=chpl_1&from=2023-01'"
    )
    export.add_argument("--format", required=True, choices=list(FORMATS))
    export.add_argument(
        "--out",
        required=True,
        type=Path,
        help="the file to write, or a folder: a file named after what it holds",
    )
    export.add_argument("--title", help="title of the briefing (default: derived from the view)")
    export.add_argument(
        "--aspect", choices=list(PICTURE_SIZES), default="16:9", help="shape of the PNG or SVG map picture"
    )
    add_fetch_parser(commands)
    return parser


def _info(data_dir: Path, as_json: bool) -> str:
    manifest = StoreLayout(data_dir).read_manifest()
    if as_json:
        return json.dumps(manifest, indent=2, sort_keys=True)
    lines = [f"store {data_dir} (snapshot {manifest['snapshot']}, updated {manifest['updated']})"]
    for entry in manifest["files"]:
        lines.append(
            f"  {entry['source']:8} {entry['name']}: {entry['rows']:,} rows, "
            f"{entry['period_min']}–{entry['period_max']}, {', '.join(entry['hs_versions'])}; "
            f"{entry['vintage']}"
        )
    return "\n".join(lines)


def _serve(args: argparse.Namespace, data_dir: Path) -> int:
    from dataclasses import replace

    settings = Settings(data_dir=data_dir, host=args.host, port=args.port, debug=args.debug)
    flags = {"workers": args.workers, "threads": args.threads, "export_timeout": args.export_timeout}
    settings = replace(settings, **{k: max(1, v) for k, v in flags.items() if v is not None})
    try:
        check_exposure(settings, args.public)
    except (PublicAddressRefused, ValueError) as error:
        print(f"corridor-atlas: {error}", file=sys.stderr)
        return 2
    server = "development server" if args.debug else f"{settings.workers} × {settings.threads} gunicorn"
    print(f"Corridor Atlas on http://{args.host}:{args.port}/ ({server}; data: {data_dir})", flush=True)
    (serve_development if args.debug else serve_production)(settings)
    return 0


def _hash_password() -> int:
    import getpass

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("corridor-atlas: the passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("corridor-atlas: empty password", file=sys.stderr)
        return 2
    print(hash_password(password))
    return 0


WRITING_COMMANDS = ("ingest", "demo", "fetch")


def run(argv: list[str] | None = None) -> int:
    """Run one `corridor-atlas` command on ``argv`` (default: the process's arguments): its exit status.
    After a successful ingest, demo or fetch, the default view's signals are precomputed for the
    new snapshot.
    """
    args = _parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    status = _run_command(args, data_dir)
    if status == 0 and args.command in WRITING_COMMANDS and StoreLayout(data_dir).current_snapshot():
        _precompute_signals(data_dir)
    return status


def _precompute_signals(data_dir: Path) -> None:
    """Save the default view's signals beside the snapshot just written, so the server's first answer
    does not compute them (`dashboard.signal_cache`). A failure here leaves the new snapshot as it
    is: the server computes the signals on its first request instead.
    """
    try:
        path, count = precompute_default_signals(build_services(Settings(data_dir=data_dir)))
    except Exception as error:  # a cache only: whatever failed, the snapshot just written stands
        print(
            f"warning: the default view's signals were not precomputed ({error}); the server computes "
            "them on its first request",
            file=sys.stderr,
        )
        return
    print(f"precomputed the default view's {count} signals ({path.name})")


def _ingest(args: argparse.Namespace, data_dir: Path) -> int:
    entries = ingest_files(
        data_dir,
        args.files,
        strict=args.strict,
        eur_usd_path=args.eur_usd,
        replace_demo=args.replace_demo,
        warn=lambda m: print(f"warning: {m}", file=sys.stderr),
    )
    for entry in entries:
        print(
            f"ingested {entry['name']} ({entry['format']}): {entry['rows']:,} rows, "
            f"{entry['period_min']}–{entry['period_max']}"
        )
    return 0


def _demo(args: argparse.Namespace, data_dir: Path) -> int:
    entry = ingest_demo(data_dir, seed=args.seed, rows=args.rows)
    print(
        f"demo data (synthetic): {entry['rows']:,} rows, {entry['period_min']}–{entry['period_max']} "
        f"in {data_dir}"
    )
    return 0


def _verify(args: argparse.Namespace, data_dir: Path) -> int:
    if args.restore:
        print(f"current → {restore_last_good(data_dir).line()}")
    lines, intact = report_lines(data_dir, verify_store(data_dir, full=not args.quick))
    print("\n".join(lines))
    return 0 if intact else 1


def _print_info(args: argparse.Namespace, data_dir: Path) -> int:
    print(_info(data_dir, args.json))
    return 0


def _export(args: argparse.Namespace, data_dir: Path) -> int:
    out = export_view(data_dir, args.view, args.format, args.out, title=args.title, aspect=args.aspect)
    print(f"wrote {out}")
    return 0


#: Each command's function: (parsed arguments, data directory) → exit status.
COMMANDS = {
    "ingest": _ingest,
    "demo": _demo,
    "verify": _verify,
    "info": _print_info,
    "serve": _serve,
    "hash-password": lambda _args, _data_dir: _hash_password(),
    "fetch": run_fetch,
    "export": _export,
}


def _run_command(args: argparse.Namespace, data_dir: Path) -> int:
    return COMMANDS[args.command](args, data_dir)


def main(argv: list[str] | None = None) -> int:
    """The command line's entry point: `run`'s exit status; 2 after a data or ingest error (printed),
    130 on Ctrl-C.
    """
    try:
        return run(argv)
    except (IngestError, GeodataValidationError) as error:
        print(f"corridor-atlas: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
