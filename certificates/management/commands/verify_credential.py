"""Check a certificate PDF or credential offline: signature, issuer, status."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.credentials import keys, verification


class Command(BaseCommand):
    help = (
        "Check a Harbour certificate PDF or credential.json without the network: the "
        "signature against the issuer's published keys (a saved did.json, or this "
        "site's keyring), and, given saved status lists, whether it was revoked or "
        "suspended. Exits 0 when genuine and active, 1 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a certificate PDF or a credential JSON file")
        parser.add_argument(
            "--did-document",
            help="the issuer's did.json, saved from /.well-known/did.json "
            "(default: this installation's own keys)",
        )
        parser.add_argument(
            "--status-list",
            action="append",
            default=[],
            help="a saved status list credential (repeat for revocation and suspension)",
        )

    def handle(self, *args, file, did_document, status_list, **options):
        try:
            kind, document = verification.read_upload(Path(file).read_bytes())
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        except verification.UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        if did_document:
            try:
                resolve = verification.resolver_from_did_document(
                    json.loads(Path(did_document).read_text())
                )
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {did_document}: {exc}") from exc
        else:
            resolve = keys.resolve_method
        lists = {}
        for path in status_list:
            try:
                listed = json.loads(Path(path).read_text())
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
            status_check = verification.Report(kind="credential")
            verification.check_signature(status_check, listed, resolve)
            if not status_check.signature_valid:
                raise CommandError(
                    f"The status list {path} is not signed by the issuer: "
                    f"{status_check.signature_problem}"
                )
            lists[listed.get("id", "")] = listed
        report = verification.Report(kind=kind, credential=document)
        verification.check_signature(report, document, resolve)
        report.facts = verification.facts_of(document)
        report.status = verification.status_from_lists(document, lists)
        facts = report.facts
        lines = [
            f"File:       {file} ({'PDF with embedded credential' if kind == 'pdf' else 'credential'})",
            "Signature:  "
            + (
                "valid"
                if report.signature_valid
                else f"NOT VALID: {report.signature_problem}"
            ),
            f"Issuer:     {report.issuer_name} ({report.issuer_id})",
            f"Status:     {report.status}"
            + ("" if lists else " (no status list given: pass --status-list FILE)"),
            f"Holder:     {facts['name']}",
            f"Achieved:   {facts['achievement']}",
            f"Training:   {facts['cohort']}, {facts['when_where']}",
            f"Criteria:   {facts['criteria']}",
            f"Valid from: {facts['valid_from']}",
            f"Id:         {facts['id']}",
        ]
        self.stdout.write("\n".join(lines))
        if kind == "pdf":
            self.stdout.write(
                "Note: offline, the PDF's printed page cannot be compared with the "
                "issued file; trust the facts above, or upload the PDF at /verify/file/."
            )
        if not report.signature_valid or report.status in {"revoked", "suspended"}:
            raise SystemExit(1)
