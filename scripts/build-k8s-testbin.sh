#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the committed wrapper modules in tools/k8s-testbin (Go
# module proxy only: no git checkout, no binary download) into a cache outside the work tree,
# and prints the directory holding them. Idempotent: a cache hit costs nothing. kubectl of the
# same release is built beside them from its own wrapper (stamped with that wrapper's hash).
set -euo pipefail
cd "$(dirname "$0")/../tools/k8s-testbin"
K8S_VERSION=1.36.3
ETCD_VERSION=3.6.14
hash=$(cat kube-apiserver/go.mod kube-apiserver/go.sum etcd/go.mod etcd/go.sum | sha256sum | cut -c1-12)
OUT=${WEFT_K8S_TESTBIN:-${XDG_CACHE_HOME:-$HOME/.cache}/weft/k8s-testbin/v$K8S_VERSION-etcd$ETCD_VERSION-$hash}
kubectl_hash=$(cat kubectl/go.mod kubectl/go.sum | sha256sum | cut -c1-12)
kubectl_current() { [[ -x $OUT/kubectl && $(cat "$OUT/kubectl.hash" 2>/dev/null) == "$kubectl_hash" ]]; }
if [[ -x $OUT/kube-apiserver && -x $OUT/etcd ]] && kubectl_current; then echo "$OUT"; exit 0; fi
command -v go >/dev/null || { echo "build-k8s-testbin: Go is needed to build kube-apiserver and etcd" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=readonly   # the committed go.sum is the whole truth
mkdir -p "$OUT"
tmp=$(mktemp -d "$OUT/.build.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
started=$(date +%s)
minor=$(cut -d. -f2 <<<"$K8S_VERSION")
ldflags="-s -w"   # stamped, or /version says v0.0.0-master and kubectl cannot parse it
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
done
if [[ -x $OUT/kube-apiserver && -x $OUT/etcd ]]; then
  echo "build-k8s-testbin: building kubectl v$K8S_VERSION (about 1 min with warm Go caches)" >&2
  (cd kubectl && go build -trimpath -ldflags "$ldflags" -o "$tmp/kubectl" k8s.io/kubernetes/cmd/kubectl)
  mv "$tmp/kubectl" "$OUT/kubectl"; echo "$kubectl_hash" > "$OUT/kubectl.hash"
  echo "$OUT"; exit 0
fi
echo "build-k8s-testbin: building etcd v$ETCD_VERSION (about 1 min)" >&2
(cd etcd && go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3)
echo "build-k8s-testbin: building kube-apiserver v$K8S_VERSION (about 5-13 min and 2 GB cold on 2 cores; about 1 min with warm Go caches)" >&2
(cd kube-apiserver && go build -trimpath -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)
echo "build-k8s-testbin: building kubectl v$K8S_VERSION (about 1 min more)" >&2
(cd kubectl && go build -trimpath -ldflags "$ldflags" -o "$tmp/kubectl" k8s.io/kubernetes/cmd/kubectl)
mv "$tmp/etcd" "$tmp/kube-apiserver" "$tmp/kubectl" "$OUT/"; echo "$kubectl_hash" > "$OUT/kubectl.hash"
echo "build-k8s-testbin: done in $(( $(date +%s) - started )) s: $("$OUT/kube-apiserver" --version), etcd $("$OUT/etcd" --version | head -1)" >&2
echo "$OUT"
