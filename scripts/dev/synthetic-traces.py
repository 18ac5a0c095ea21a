#!/usr/bin/env python3
"""Writes the small synthetic traces shipped in Topologies/traces/ (seeded: the same files every run).

    scripts/dev/synthetic-traces.py [--clients 20] [--seed 7] [--out Topologies/traces]

devices.csv (a `device.trace`): one row per device, `client,flops_per_second,down_mbps,up_mbps`.
Speeds are log-normal around 2 GFLOP/s (sigma 0.6), as phones' are in FedScale's device trace;
links are drawn from three plan tiers (3G-like, 4G-like, fibre-like).

availability.csv (an `availability.trace`): rows `client,online_from,online_until` in seconds of a
600-second period (give the topology `period_seconds: 600`): each device is online for one to three
intervals of 60-240 s, like the day/night pattern of FedScale's client_behave_trace, compressed.
"""
import argparse
import math
import os
import random

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--clients", type=int, default=20)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "..", "Topologies", "traces"))
args = parser.parse_args()
rng = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)

tiers = [(5, 1), (40, 10), (200, 50)]  # (down, up) Mbit/s
with open(os.path.join(args.out, "devices.csv"), "w") as f:
    f.write(f"# synthetic device trace: scripts/dev/synthetic-traces.py --clients {args.clients} --seed {args.seed}\n")
    f.write("client,flops_per_second,down_mbps,up_mbps\n")
    for c in range(args.clients):
        flops = 2e9 * math.exp(0.6 * rng.gauss(0, 1))
        down, up = rng.choices(tiers, weights=[0.2, 0.6, 0.2])[0]
        f.write(f"{c},{flops:.4g},{down},{up}\n")

period = 600
with open(os.path.join(args.out, "availability.csv"), "w") as f:
    f.write(f"# synthetic availability trace (period {period} s): scripts/dev/synthetic-traces.py --clients {args.clients} --seed {args.seed}\n")
    f.write("client,online_from,online_until\n")
    for c in range(args.clients):
        # Half the devices are online when the run starts; the others come online within two minutes.
        start = 0 if c % 2 == 0 else rng.randrange(0, 120)
        for _ in range(rng.randint(1, 3)):
            length = rng.randrange(60, 241)
            end = min(period, start + length)
            if start >= end:
                break
            f.write(f"{c},{start},{end}\n")
            start = end + rng.randrange(30, 150)
            if start >= period:
                break
print(f"wrote {args.out}/devices.csv and {args.out}/availability.csv ({args.clients} clients)")
