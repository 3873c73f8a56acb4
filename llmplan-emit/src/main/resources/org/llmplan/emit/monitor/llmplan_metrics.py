"""The two gauges the bundle's alerts and dashboard read, exported from the trainer's rank 0.

    llm_training_step_seconds       seconds of the last optimizer step
    llm_training_tokens_per_second  tokens per step / that time

They are served on port 9464 (monitoring/targets/training.json) with prometheus_client, which the bundle's
Dockerfile installs. Stock Megatron-LM, DeepSpeed and torchtitan export neither, so use one of:

Your own training loop (a DeepSpeed script, plain PyTorch, a torchtitan Trainer subclass):

    from llmplan_metrics import StepMetrics
    metrics = StepMetrics(tokens_per_step=TOKENS_PER_STEP)  # starts the server on rank 0 only
    ...
    metrics.step(seconds_of_this_step)

Megatron-LM's pretrain_gpt.py, unchanged: run this file beside it on the first node, following its log:

    python llmplan_metrics.py --tokens-per-step TOKENS_PER_STEP --follow logs/JOB.out

It reads the "elapsed time per iteration (ms): X" field of the lines Megatron prints every --log-interval.
Until something exports the gauges nothing scrapes on 9464 and no training alert fires.
"""
import argparse
import os
import re
import time

PORT = 9464
MEGATRON_ITERATION = re.compile(r"elapsed time per iteration \(ms\): ([0-9.]+)")


def megatron_step_seconds(line):
    """Seconds per iteration in one Megatron training-log line, or None when the line has none."""
    match = MEGATRON_ITERATION.search(line)
    return float(match.group(1)) / 1000.0 if match else None


class StepMetrics:
    """Sets both gauges after every step; only rank 0 (RANK, default 0) serves them."""

    def __init__(self, tokens_per_step, port=PORT):
        from prometheus_client import Gauge, start_http_server

        self.tokens_per_step = tokens_per_step
        self.seconds = Gauge("llm_training_step_seconds", "Seconds of the last optimizer step")
        self.tokens = Gauge("llm_training_tokens_per_second", "Tokens per second of the last optimizer step")
        if int(os.environ.get("RANK", "0")) == 0:
            start_http_server(port)

    def step(self, seconds):
        if seconds > 0:
            self.seconds.set(seconds)
            self.tokens.set(self.tokens_per_step / seconds)


def follow(path, metrics):
    """Reads the log as it grows (waiting for it to appear) and records every iteration line."""
    while not os.path.exists(path):
        time.sleep(5)
    with open(path, encoding="utf-8", errors="replace") as log:
        while True:
            line = log.readline()
            if not line:
                time.sleep(1)
                continue
            seconds = megatron_step_seconds(line)
            if seconds is not None:
                metrics.step(seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens-per-step", type=int, required=True, help="global batch x sequence length")
    parser.add_argument("--follow", required=True, help="the Megatron-LM log file to read")
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    follow(args.follow, StepMetrics(args.tokens_per_step, args.port))
