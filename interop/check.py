"""Checks, with third-party verifiers only, what attest emitted into DIR.

Usage: check.py --attest BIN --schemas SCHEMAS_DIR DIR

interop/run makes DIR with attest (the file names below are the contract between the two):
keys NAME.key/NAME.pub, dist/app-1.0.0.tar.gz, sbom.cdx.json (with a Python lockfile's
components, which carry several SHA-256 hashes; CycloneDX 1.6), sbom-1.5.cdx.json and
sbom-tr.cdx.json (--spec-version 1.5, --profile tr-03183-2), att.json (signed by vendor),
att.cosigned.json (vendor and auditor), kz-national.json (kz-gov1, kz-gov2),
sco-federation.json (sco-gov1, sco-gov3), policy.json and bundle.json (a certificate by
kz-regulator). Every DSSE envelope must verify with securesystemslib, signature by signature,
with the Ed25519 keys read from attest's SPKI PEM files by pyca/cryptography; every in-toto
Statement must pass the official in-toto attestation bindings; the SBOM must pass
cyclonedx-python-lib's strict validator with the official CycloneDX schema of its specVersion;
attest's own documents must match the JSON Schemas in schemas/ (python-jsonschema). Tampered
copies must be rejected by the same tools, and an envelope securesystemslib signs must verify
in attest. Prints one line per check; exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import json
import pathlib
import re
import subprocess
import sys
import tempfile

from cryptography.hazmat.primitives import serialization
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from google.protobuf import json_format
from in_toto_attestation.v1 import statement_pb2
from in_toto_attestation.v1.statement import Statement
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import CryptoSigner, SSlibKey

IN_TOTO = "application/vnd.in-toto+json"
TRUST_LIST = "application/vnd.attest.trust-list.v1+json"
STATEMENT_V1 = "https://in-toto.io/Statement/v1"
CYCLONEDX = "https://cyclonedx.org/bom"
CERTIFICATE = "urn:attest:mutual-recognition:v2"
ARTEFACT = "dist/app-1.0.0.tar.gz"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
# Who must have signed each trust list, by list name.
LIST_SIGNERS = {"kz-national": ["kz-gov1", "kz-gov2"], "sco-federation": ["sco-gov1", "sco-gov3"]}


class Failed(Exception):
    """A check found something wrong."""


def expect(cond: bool, why: str) -> None:
    if not cond:
        raise Failed(why)


class Checks:
    """Runs checks, printing PASS or FAIL per check; any exception is a failure."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def run(self, name: str, fn, *args) -> None:
        try:
            detail = fn(*args)
        except Exception as e:  # noqa: BLE001 - every error fails the check, none is skipped
            self.failed += 1
            why = str(e) if isinstance(e, Failed) else f"{type(e).__name__}: {e}"
            print(f"FAIL  {name}: {why}")
            return
        self.passed += 1
        print(f"PASS  {name}" + (f": {detail}" if detail else ""))


def strict_json(data: bytes, what: str):
    """UTF-8 JSON without byte-order mark, duplicate keys or NaN."""
    expect(not data.startswith(b"\xef\xbb\xbf"), f"{what} starts with a byte-order mark")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        expect(len(keys) == len(set(keys)), f"{what} has a duplicate key among {keys}")
        return dict(pairs)

    def no_constant(c):
        raise Failed(f"{what} has the non-JSON constant {c}")

    return json.loads(data.decode("utf-8"), object_pairs_hook=no_duplicates, parse_constant=no_constant)


def b64(text: str) -> bytes:
    """Standard padded base64, the only form attest writes."""
    return base64.b64decode(text.encode("ascii"), validate=True)


class Docs:
    """The documents and keys in DIR, read independently of attest."""

    def __init__(self, root: pathlib.Path, attest: str, schemas: pathlib.Path) -> None:
        self.root = root
        self.attest = attest
        loaded = {p.name: json.loads(p.read_text()) for p in schemas.glob("*.schema.json")}
        self.registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in loaded.values()
        )
        self.schemas = loaded

    def read(self, rel: str):
        return strict_json((self.root / rel).read_bytes(), rel)

    def public_key(self, name: str):
        return serialization.load_pem_public_key((self.root / f"{name}.pub").read_bytes())

    def keyid(self, name: str) -> str:
        """attest's key id, computed here: SHA-256 of the SPKI DER."""
        der = self.public_key(name).public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return hashlib.sha256(der).hexdigest()

    def sslib_key(self, name: str, keyid: str | None = None) -> SSlibKey:
        return SSlibKey.from_crypto(self.public_key(name), keyid=keyid or self.keyid(name))

    def envelopes(self):
        """(label, kind, envelope, signer names) for every DSSE envelope attest wrote."""
        bundle = self.read("bundle.json")
        out = [
            ("att.json", "attestation", self.read("att.json"), ["vendor"]),
            ("att.cosigned.json", "attestation", self.read("att.cosigned.json"), ["vendor", "auditor"]),
            ("bundle.json attestation", "attestation", bundle["attestation"], ["vendor", "auditor"]),
            ("bundle.json certificate", "certificate", bundle["certificate"], ["kz-regulator"]),
        ]
        for name, signers in LIST_SIGNERS.items():
            out.append((f"{name}.json", "trust list", self.read(f"{name}.json"), signers))
        for i, env in enumerate(bundle["trustLists"]):
            name = strict_json(b64(env["payload"]), "trust list")["name"]
            out.append((f"bundle.json trustLists[{i}] ({name})", "trust list", env, LIST_SIGNERS[name]))
        return out

    def schema_errors(self, schema_file: str, doc) -> list[str]:
        validator = Draft202012Validator(
            self.schemas[schema_file],
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


# --- the checks -------------------------------------------------------------------------


def attest(docs: Docs, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([docs.attest, *args], cwd=docs.root, capture_output=True, text=True)


def key_ids(docs: Docs, names: list[str]) -> str:
    for name in names:
        said = attest(docs, "key", "id", f"{name}.pub")
        expect(said.returncode == 0, f"attest key id {name}.pub: {said.stderr}")
        expect(said.stdout.strip() == docs.keyid(name), f"attest says {said.stdout.strip()} for {name}.pub")
    return f"{len(names)} keys: attest's key id = SHA-256 of the SPKI DER (pyca/cryptography)"


def dsse_verifies(docs: Docs, env: dict, signers: list[str], payload_type: str) -> str:
    expect(set(env) == {"payloadType", "payload", "signatures"}, f"envelope fields {sorted(env)}")
    expect(env["payloadType"] == payload_type, f"payloadType {env['payloadType']!r}")
    keys = [docs.sslib_key(s) for s in signers]
    expect(
        sorted(s["keyid"] for s in env["signatures"]) == sorted(k.keyid for k in keys),
        f"signature keyids {[s['keyid'] for s in env['signatures']]} are not those of {signers}",
    )
    accepted = Envelope.from_dict(copy.deepcopy(env)).verify(keys, len(keys))
    expect(set(accepted) == {k.keyid for k in keys}, f"accepted {sorted(accepted)}")
    return f"securesystemslib accepts {len(keys)} of {len(keys)} signatures ({', '.join(signers)})"


def in_toto_validate(payload: bytes) -> None:
    """The official in-toto attestation bindings: strict protobuf parse, then validate()."""
    Statement.copy_from_pb(json_format.Parse(payload.decode("utf-8"), statement_pb2.Statement())).validate()


def statement(payload: bytes, predicate_type: str) -> dict:
    """An in-toto Statement v1: the official bindings, then by hand."""
    in_toto_validate(payload)
    st = strict_json(payload, "Statement")
    expect(st.get("_type") == STATEMENT_V1, f"_type {st.get('_type')!r}")
    expect(st.get("predicateType") == predicate_type, f"predicateType {st.get('predicateType')!r}")
    expect(isinstance(st.get("predicate"), dict), "predicate is not an object")
    expect(isinstance(st.get("subject"), list) and st["subject"], "no subject")
    for sub in st["subject"]:
        expect(isinstance(sub.get("name"), str) and sub["name"], f"subject without a name: {sub}")
        expect(HEX64.match(sub.get("digest", {}).get("sha256", "")) is not None, f"subject digest {sub}")
    return st


def attestation(docs: Docs, env: dict) -> str:
    payload = b64(env["payload"])
    st = statement(payload, CYCLONEDX)
    artefact = hashlib.sha256((docs.root / ARTEFACT).read_bytes()).hexdigest()
    expected = [{"name": ARTEFACT, "digest": {"sha256": artefact}}]
    expect(st["subject"] == expected, f"subjects {st['subject']}")
    sbom = (docs.root / "sbom.cdx.json").read_bytes()
    expect(sbom.rstrip(b"\n") in payload, "the SBOM is not embedded byte for byte")
    cyclonedx_valid(st["predicate"])
    return f"in-toto Statement v1, subject sha256 {artefact[:12]}…, the SBOM byte for byte, valid"


def certificate(docs: Docs, env: dict) -> str:
    st = statement(b64(env["payload"]), CERTIFICATE)
    signed = statement(b64(docs.read("att.cosigned.json")["payload"]), CYCLONEDX)
    expect(st["subject"] == signed["subject"], "the certificate's subjects are not the attestation's")
    errors = docs.schema_errors("certificate.schema.json", st)
    expect(not errors, "; ".join(errors[:5]))
    issuer = st["predicate"]["issuer"]["keyid"]
    expect(issuer == docs.keyid("kz-regulator"), f"issuer.keyid {issuer} is not kz-regulator's")
    return f"in-toto Statement v1, {st['predicate']['certificateId']}, valid (certificate.schema.json)"


def trust_list(docs: Docs, env: dict) -> str:
    payload = strict_json(b64(env["payload"]), "trust list")
    errors = docs.schema_errors("trust-list.schema.json", payload)
    expect(not errors, "; ".join(errors[:5]))
    entry_keys = [k for e in payload["entries"] for k in e.get("keys", [])]
    for key in payload["governance"]["keys"] + entry_keys:
        der = serialization.load_pem_public_key(key["publicKey"].encode()).public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        expect(hashlib.sha256(der).hexdigest() == key["keyid"], f"keyid {key['keyid']} is not its key's")
    governors = {k["keyid"] for k in payload["governance"]["keys"]}
    signers = {docs.keyid(s) for s in LIST_SIGNERS[payload["name"]]}
    expect(signers <= governors, "a signer is not a governor")
    return f"{payload['name']} #{payload['sequence']} valid (trust-list.schema.json), keyids match keys"


def cyclonedx_valid(bom: dict) -> str:
    """The official schema of the BOM's specVersion, unique bom-refs, resolvable dependencies."""
    version = bom.get("specVersion")
    errors = JsonStrictValidator(SchemaVersion.from_version(version)).validate_str(
        json.dumps(bom), all_errors=True
    )
    expect(errors is None, "; ".join(str(e) for e in list(errors or [])[:5]))
    refs = [o["bom-ref"] for o in walk(bom) if "bom-ref" in o]
    expect(len(refs) == len(set(refs)), "duplicate bom-refs")
    for dep in bom.get("dependencies", []):
        for ref in [dep["ref"], *dep.get("dependsOn", [])]:
            expect(ref in refs, f"dependency {ref!r} names no bom-ref")
    deps = len(bom.get("dependencies", []))
    return f"CycloneDX {version}: {len(refs)} bom-refs, {deps} dependency entries"


def walk(node):
    """Every object in a JSON document."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


def sbom_file(docs: Docs) -> str:
    """The SBOM is valid, and has what made Python lockfiles special: a component with several
    SHA-256 hashes (one per distribution file, from interop/run's requirements.txt)."""
    bom = docs.read("sbom.cdx.json")
    detail = cyclonedx_valid(bom)
    several = [
        c.get("purl", c["name"])
        for c in bom.get("components", [])
        if sum(h["alg"] == "SHA-256" for h in c.get("hashes", [])) > 1
    ]
    expect(several, "no component has several SHA-256 hashes")
    return f"{detail}, {len(several)} components with several SHA-256 hashes"


def sbom_version(docs: Docs, rel: str, version: str) -> str:
    """An SBOM attest wrote in the given CycloneDX version passes that version's official schema."""
    bom = docs.read(rel)
    expect(bom.get("specVersion") == version, f"specVersion {bom.get('specVersion')!r}, not {version}")
    return cyclonedx_valid(bom)


def own_schema(docs: Docs, schema_file: str, rel: str) -> str:
    errors = docs.schema_errors(schema_file, docs.read(rel))
    expect(not errors, "; ".join(errors[:5]))
    return f"valid against {schema_file} (python-jsonschema, draft 2020-12)"


# --- what must be rejected --------------------------------------------------------------


def tamper(payload: bytes) -> bytes:
    """The Statement with its subject renamed (one byte changed)."""
    changed = payload.replace(f'"name":"{ARTEFACT}"'.encode(), b'"name":"dist/app-1.0.1.tar.gz"', 1)
    expect(changed != payload, f"no subject {ARTEFACT} in the payload to tamper with")
    return changed


def rejected_by_securesystemslib(env: dict, keys: list[SSlibKey]) -> None:
    try:
        Envelope.from_dict(copy.deepcopy(env)).verify(keys, len(keys))
    except VerificationError:
        return
    raise Failed("securesystemslib accepted it")


def tampered_payload(docs: Docs) -> str:
    env = docs.read("att.json")
    env["payload"] = base64.b64encode(tamper(b64(env["payload"]))).decode()
    rejected_by_securesystemslib(env, [docs.sslib_key("vendor")])
    return "securesystemslib rejects att.json with its subject renamed"


def moved_signature(docs: Docs) -> str:
    env = docs.read("att.cosigned.json")
    vendor, auditor = docs.keyid("vendor"), docs.keyid("auditor")
    sigs = {s["keyid"]: s["sig"] for s in env["signatures"]}
    env["signatures"] = [{"keyid": vendor, "sig": sigs[auditor]}]
    rejected_by_securesystemslib(env, [docs.sslib_key("vendor")])
    return "securesystemslib rejects the auditor's signature under the vendor's keyid"


def wrong_key(docs: Docs) -> str:
    env = docs.read("att.json")
    rejected_by_securesystemslib(env, [docs.sslib_key("kz-gov1", keyid=docs.keyid("vendor"))])
    return "securesystemslib rejects att.json checked with another Ed25519 key"


def invalid_sbom(docs: Docs) -> str:
    bom = docs.read("sbom.cdx.json")
    bom["components"][0]["type"] = "gadget"
    try:
        cyclonedx_valid(bom)
    except Failed:
        return "cyclonedx-python-lib rejects the SBOM with a component of type 'gadget'"
    raise Failed("cyclonedx-python-lib accepted it")


def digestless_subject(docs: Docs) -> str:
    st = strict_json(b64(docs.read("att.json")["payload"]), "Statement")
    st["subject"][0]["digest"] = {}
    try:
        in_toto_validate(json.dumps(st).encode())
    except ValueError as e:
        return f"in-toto-attestation rejects a subject without a digest ({e})"
    raise Failed("in-toto-attestation accepted a subject without a digest")


def signed_by_securesystemslib(docs: Docs) -> str:
    """The other way round: an envelope signed by securesystemslib verifies in attest."""
    private = serialization.load_pem_private_key((docs.root / "vendor.key").read_bytes(), None)
    signer = CryptoSigner(private, docs.sslib_key("vendor"))
    payload = b64(docs.read("att.json")["payload"])
    envelope = Envelope(payload, IN_TOTO, {})
    envelope.sign(signer)
    signed = envelope.to_dict()
    tampered = dict(signed, payload=base64.b64encode(tamper(payload)).decode())
    results = {}
    with tempfile.TemporaryDirectory(dir=docs.root) as tmp:
        for what, env in [("as signed", signed), ("tampered", tampered)]:
            path = pathlib.Path(tmp) / "sslib.json"
            path.write_text(json.dumps(env))
            results[what] = attest(docs, "verify", str(path), "--key", "vendor.pub", "--subject", ARTEFACT)
    good, bad = results["as signed"], results["tampered"]
    expect(good.returncode == 0, f"attest verify exited {good.returncode}: {good.stdout}{good.stderr}")
    expect(bad.returncode == 1, f"attest verify of a tampered copy exited {bad.returncode}")
    return "attest verifies securesystemslib's envelope (exit 0), rejects a tampered copy (exit 1)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--attest", required=True, help="the attest binary")
    ap.add_argument("--schemas", required=True, type=pathlib.Path, help="attest's schemas/ directory")
    ap.add_argument("dir", type=pathlib.Path)
    args = ap.parse_args()
    docs = Docs(args.dir, args.attest, args.schemas)
    checks = Checks()
    names = ["vendor", "auditor", "kz-regulator", *(k for s in LIST_SIGNERS.values() for k in s)]
    checks.run("key ids", key_ids, docs, names)
    checks.run("sbom.cdx.json: cyclonedx-python-lib JsonStrictValidator", sbom_file, docs)
    checks.run("sbom.cdx.json: CycloneDX 1.6 by default", sbom_version, docs, "sbom.cdx.json", "1.6")
    checks.run("sbom-1.5.cdx.json: --spec-version 1.5", sbom_version, docs, "sbom-1.5.cdx.json", "1.5")
    checks.run("sbom-tr.cdx.json: --profile tr-03183-2", sbom_version, docs, "sbom-tr.cdx.json", "1.6")
    payload_checks = {
        "attestation": (IN_TOTO, attestation),
        "certificate": (IN_TOTO, certificate),
        "trust list": (TRUST_LIST, trust_list),
    }
    for label, kind, env, signers in docs.envelopes():
        payload_type, payload_check = payload_checks[kind]
        checks.run(f"{label}: DSSE", dsse_verifies, docs, env, signers, payload_type)
        checks.run(f"{label}: {kind}", payload_check, docs, env)
    checks.run("bundle.json: schema", own_schema, docs, "bundle.schema.json", "bundle.json")
    checks.run("policy.json: schema", own_schema, docs, "policy.schema.json", "policy.json")
    checks.run("tampered payload rejected", tampered_payload, docs)
    checks.run("moved signature rejected", moved_signature, docs)
    checks.run("wrong key rejected", wrong_key, docs)
    checks.run("invalid SBOM rejected", invalid_sbom, docs)
    checks.run("subject without digest rejected", digestless_subject, docs)
    checks.run("securesystemslib-signed envelope", signed_by_securesystemslib, docs)
    print(f"interop: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
