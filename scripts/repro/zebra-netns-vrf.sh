#!/usr/bin/env bash
# FRR zebra with netns VRFs (`zebra -n`), outside the lab: the three cases of docs/adr/0096.
#   1. frr.conf names each VRF before zebra's watch has bound its namespace: the VRFs stay inactive.
#   2. those inactive VRFs are shown to zebra again (no netns, file renamed away, a new file bound):
#      zebra 8.4 crashes in ns_socket (from rtadv_vrf_init).
#   3. frr.conf names each VRF only once `show vrf` shows it bound: every VRF is active.
# Run as root with the frr package installed. Prints one line per case; exit 0 when the FRR
# installed still behaves as ADR 96 says (so a newer FRR that fixes it is noticed). Namespaces and
# files are named wz-* and removed at the end.
set -uo pipefail
N=${N:-6}
base=$(mktemp -d /tmp/wz-repro.XXXXXX)
trap 'for n in $(ip netns list | awk "{print \$1}" | grep "^wz-r"); do ip netns delete "$n"; done; rm -rf "$base"' EXIT

start_zebra() { # $1: case directory
  local d=$1
  mkdir -p "$d"/{etc,run,vrfns}
  chown -R frr:frr "$d"
  echo 'service integrated-vtysh-config' >"$d/etc/vtysh.conf"
  : >"$d/etc/frr.conf"
  ip netns add "wz-r$(basename "$d")"
  ip netns exec "wz-r$(basename "$d")" unshare --uts --mount --propagation private sh -c \
    "mount --bind $d/run /var/run/frr && mount --bind $d/etc /etc/frr && mount --rbind $d/vrfns /var/run/netns && /usr/lib/frr/zebra -d -F datacenter -A 127.0.0.1 -n --log file:$d/zebra.log" 2>/dev/null
  sleep 1
  cat "$d/run/zebra.pid"
}
vty() { vtysh --vty_socket "$1/run" -c "$2" 2>/dev/null; }
configure() { vtysh --vty_socket "$1/run" -c 'conf t' -c "vrf $2" -c "netns /run/netns/$2" >/dev/null 2>&1; }
bind_new() { # zebra pid, case, vrf: a new file in zebra's watched directory, bound to a new namespace
  local ns="wz-r$(basename "$2")-$3-$RANDOM"
  ip netns add "$ns"
  nsenter --mount="/proc/$1/ns/mnt" --net="/run/netns/$ns" -- sh -c "touch /var/run/netns/$3 && mount --bind /proc/self/ns/net /var/run/netns/$3" 2>/dev/null
}
inactive() { vty "$1" 'show vrf' | grep -c inactive; }

# 1 and 2
d1=$base/1; z1=$(start_zebra "$d1")
for i in $(seq 1 "$N"); do bind_new "$z1" "$d1" "Vrf$i"; sleep 0.2; configure "$d1" "Vrf$i"; done
sleep 3
case1=$(inactive "$d1")
echo "case 1: $case1 of $N VRFs inactive when frr.conf came 0.2 s after the namespace"
crashed=no
for i in $(seq 1 "$N"); do
  vtysh --vty_socket "$d1/run" -c 'conf t' -c "vrf Vrf$i" -c "no netns /run/netns/Vrf$i" >/dev/null 2>&1
  mv "$d1/vrfns/Vrf$i" "$d1/stale-Vrf$i"
  bind_new "$z1" "$d1" "Vrf$i"
  sleep 2
  kill -0 "$z1" 2>/dev/null || { crashed="yes, at VRF $i"; break; }
done
echo "case 2: zebra crashed after showing the inactive VRFs again: $crashed ($(grep -c 'Received signal 11' "$d1/zebra.log") SIGSEGV in its log)"
kill "$z1" 2>/dev/null

# 3
d3=$base/3; z3=$(start_zebra "$d3")
for i in $(seq 1 "$N"); do
  bind_new "$z3" "$d3" "Vrf$i"
  for _ in $(seq 1 100); do vty "$d3" 'show vrf' | grep -q "^vrf Vrf$i id" && break; sleep 0.1; done
  configure "$d3" "Vrf$i"
done
sleep 1
case3=$(inactive "$d3")
echo "case 3: $case3 of $N VRFs inactive when frr.conf waited for zebra to bind each namespace"
kill "$z3" 2>/dev/null
[ "$case1" -gt 0 ] && [ "$crashed" != no ] && [ "$case3" -eq 0 ]
