#!/usr/bin/env bash
# The whole test suite: installs what the conformance tests need (idempotently), builds, checks
# types, lint and generated files, then runs every test. Ends with "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/check-node.mjs

# Debian packages for the conformance tests: FRR (vtysh -C), libyang (SONiC YANG validation);
# Chromium for the web console's browser tests (driven by playwright-core, no browser download).
need=()
command -v vtysh >/dev/null 2>&1 || need+=(frr frr-pythontools)
command -v yanglint >/dev/null 2>&1 || need+=(libyang2-tools)
# the agent tests: a real redis-server per test, frr-reload.py, nsenter
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/lib/frr/frr-reload.py ] || need+=(frr-pythontools)
command -v nsenter >/dev/null 2>&1 || need+=(util-linux)
[ -x /usr/bin/chromium ] || need+=(chromium)
# the VyOS agent's transports: a real OpenSSH server and a real QEMU guest agent (tests start their own)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
[ -x /usr/sbin/qemu-ga ] || need+=(qemu-guest-agent)
# the guest agent client test reads socket queues with ss; the lab uses bridge (both iproute2)
{ command -v ss && command -v bridge; } >/dev/null 2>&1 || need+=(iproute2)
# the virtual lab (weft lab): nftables for peering ACLs, redis-cli inside `lab exec`, ping for `lab test`
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
# DHCP: Weft's service is Kea (one kea-dhcp4 per VRF), relayed by Debian's dhcrelay, leased by busybox udhcpc
[ -x /usr/sbin/kea-dhcp4 ] || need+=(kea-dhcp4-server)
[ -x /usr/sbin/dhcrelay ] || need+=(isc-dhcp-relay)
command -v udhcpc >/dev/null 2>&1 || need+=(udhcpc)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} (Debian packages for the conformance tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "warning: ${need[*]} missing and not root: the conformance tests that need them will say they are skipped" >&2
  fi
fi

# promtool for the metrics test, from Debian's prometheus package into a cache (never installed)
bash scripts/promtool.sh >/dev/null || echo "warning: no promtool: the metrics test will fail to run promtool check metrics" >&2

# dependencies (and the pinned Node binary) when the tree is fresh
[ -x node_modules/.bin/tsc ] || npm ci --no-audit --no-fund

npm run --silent build
npm run --silent lint

# One real etcd + kube-apiserver for the Kubernetes tests (built from the Go module proxy once per
# machine, cached outside the work tree), stopped when the run ends, whatever happens.
if bash scripts/build-k8s-testbin.sh >/dev/null; then
  k8s_state=$(mktemp -d "${TMPDIR:-/tmp}/weft-test-k8s.XXXXXX")
  trap 'node bin/weft.js dev cluster down --dir "$k8s_state/cluster" --kubeconfig "$k8s_state/kubeconfig" >/dev/null || true; rm -rf "$k8s_state"' EXIT
  node bin/weft.js dev cluster up --dir "$k8s_state/cluster" --kubeconfig "$k8s_state/kubeconfig" >/dev/null
  export WEFT_TEST_KUBECONFIG="$k8s_state/kubeconfig"
else
  echo "warning: kube-apiserver and etcd could not be built (is Go installed?): each Kubernetes test file starts its own or says it is skipped" >&2
fi
node scripts/run-tests.mjs "$@"
