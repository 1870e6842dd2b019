#!/usr/bin/env bash
# Generate, sign and check the attestation of a release: the shell steps of
# the GitHub Actions and GitLab CI recipes in docs/ci.md (and of the test that
# runs them, tests/tests/ci_recipe.rs).
#
# Environment:
#   RELEASE_NAME, RELEASE_VERSION   the product
#   SUPPLIER                        the vendor's name (optional)
#   PURL                            the product's package URL (optional)
#   SOURCE_DIR                      tree to describe (lockfiles inside are read); default .
#   DIST_DIR                        the released artefacts (every file is a subject); default dist
#   OUT_DIR                         where the SBOM and attestation go; default attest-out
#   SIGNING_KEY                     the PKCS#8 PEM private key, from a CI secret (never a file)
#   SIGNING_KEY_PASSPHRASE          its passphrase, if encrypted (optional)
#   SIGNING_KEY_URI                 instead of SIGNING_KEY: a pkcs11: URI naming the key on an HSM
#                                   (docs/hardware-keys.md); the PIN in the variable its
#                                   pin-source=env:VAR names
#   PUBLIC_KEY                      the matching public key file, to check the result (optional)
set -euo pipefail
: "${RELEASE_NAME:?set RELEASE_NAME}" "${RELEASE_VERSION:?set RELEASE_VERSION}"
if [ -z "${SIGNING_KEY_URI:-}" ]; then
  : "${SIGNING_KEY:?set the SIGNING_KEY secret, or SIGNING_KEY_URI for a key on an HSM}"
fi
SOURCE_DIR="${SOURCE_DIR:-.}"
DIST_DIR="${DIST_DIR:-dist}"
OUT_DIR="${OUT_DIR:-attest-out}"
mkdir -p "$OUT_DIR"
base="$OUT_DIR/$RELEASE_NAME-$RELEASE_VERSION"

meta=(--name "$RELEASE_NAME" --version "$RELEASE_VERSION")
[ -n "${SUPPLIER:-}" ] && meta+=(--supplier "$SUPPLIER")
[ -n "${PURL:-}" ] && meta+=(--purl "$PURL")
attest sbom generate "$SOURCE_DIR" "${meta[@]}" -o "$base.cdx.json" --force
attest sbom validate "$base.cdx.json"

subjects=()
while IFS= read -r -d '' f; do subjects+=(--subject "$f"); done < <(find "$DIST_DIR" -type f -print0 | sort -z)
[ ${#subjects[@]} -gt 0 ] || { echo "no artefacts in $DIST_DIR" >&2; exit 2; }

if [ -n "${SIGNING_KEY_URI:-}" ]; then
  key=(--key "$SIGNING_KEY_URI")
else
  key=(--key env:SIGNING_KEY)
  [ -n "${SIGNING_KEY_PASSPHRASE:-}" ] && key+=(--passphrase-env SIGNING_KEY_PASSPHRASE)
fi
attest sign "${key[@]}" --sbom "$base.cdx.json" "${subjects[@]}" -o "$base.att.json" --force

if [ -n "${PUBLIC_KEY:-}" ]; then
  attest verify "$base.att.json" --key "$PUBLIC_KEY" "${subjects[@]}"
fi
echo "attestation: $base.att.json"
