#!/usr/bin/env python3
"""Converts FedScale's device and availability traces to FedActors' CSV traces.

    scripts/dev/fedscale-traces.py --capacity client_device_capacity --behave client_behave_trace \\
        --training-flops-per-sample F [--clients N] [--out DIR]

FedScale (benchmark/dataset/data/device_info/) ships two pickled dicts keyed by client id:
- client_device_capacity: {'computation': ms per sample of the model FedScale timed (FedScale's
  simulator charges 3 x that per trained sample: forward and backward), 'communication': kbit/s}.
- client_behave_trace: {'active': [s...], 'inactive': [s...], 'finish_time': s, ...}: the client is
  online from active[i] to inactive[i], the pattern repeating every finish_time seconds.

Written here:
- devices.csv (`device.trace`): flops_per_second = F / (3 x computation / 1000), where F is the
  training FLOPs per sample of the model you train in FedActors (fwd+bwd; the run's FitResult.flops
  divided by its samples), so a device as slow as FedScale measured it takes as long per sample;
  down_mbps = up_mbps = communication / 1000 (FedScale uses one bandwidth both ways).
- availability.csv (`availability.trace`): one row per [active[i], inactive[i]) interval. FedActors
  repeats a group's trace with one period (`period_seconds`): the script prints the finish_time it
  found most often; clients with another period are written as they are (their first period only).
Only the first --clients clients (in ascending id) are written: FedActors cycles a trace over a
group, so a few hundred rows are enough.
"""
import argparse
import collections
import os
import pickle

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--capacity", required=True, help="FedScale's client_device_capacity (pickle)")
parser.add_argument("--behave", required=True, help="FedScale's client_behave_trace (pickle)")
parser.add_argument("--training-flops-per-sample", type=float, required=True, help="training FLOPs per sample of your model")
parser.add_argument("--clients", type=int, default=500)
parser.add_argument("--out", default=".")
args = parser.parse_args()

with open(args.capacity, "rb") as f:
    capacity = pickle.load(f)
with open(args.behave, "rb") as f:
    behave = pickle.load(f)
os.makedirs(args.out, exist_ok=True)

with open(os.path.join(args.out, "devices.csv"), "w") as out:
    out.write(f"# from FedScale's {os.path.basename(args.capacity)}, training FLOPs per sample {args.training_flops_per_sample:g}\n")
    out.write("client,flops_per_second,down_mbps,up_mbps\n")
    for cid in sorted(capacity)[: args.clients]:
        c = capacity[cid]
        seconds_per_sample = 3 * float(c["computation"]) / 1000
        mbps = max(0.001, float(c["communication"]) / 1000)
        out.write(f"{cid},{args.training_flops_per_sample / seconds_per_sample:.6g},{mbps:.6g},{mbps:.6g}\n")

periods = collections.Counter()
with open(os.path.join(args.out, "availability.csv"), "w") as out:
    out.write(f"# from FedScale's {os.path.basename(args.behave)}\n")
    out.write("client,online_from,online_until\n")
    for cid in sorted(behave)[: args.clients]:
        b = behave[cid]
        periods[b.get("finish_time")] += 1
        for start, end in zip(b["active"], b["inactive"]):
            if end > start >= 0:
                out.write(f"{cid},{start},{end}\n")
period, count = periods.most_common(1)[0]
print(f"wrote {args.out}/devices.csv and {args.out}/availability.csv; use period_seconds: {period} ({count} of {sum(periods.values())} clients have it)")
