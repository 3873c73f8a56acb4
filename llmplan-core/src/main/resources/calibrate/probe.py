#!/usr/bin/env python3
"""llmplan probe: measures what llmplan's kernel-time model reads from a GPU's catalog entry.

Written by `llmplan probe`; read back by `llmplan calibrate --from probe.json`. Needs PyTorch only.

  python3 probe.py --out probe.json                 # one GPU
  torchrun --nproc-per-node 8 probe.py --out p.json # collectives over NCCL, one or more nodes
  python3 probe.py --cpu --ranks 2                  # every code path on tiny CPU shapes (gloo)

Measures: GEMM throughput (BF16, FP8 and FP4 where the GPU and PyTorch have them) on the shapes of
transformer layers, attention (SDPA's flash kernel where present), HBM copy bandwidth, host-device copies,
the fixed cost of a small kernel, throughput under a sustained load with the SM clock (nvidia-smi where
present), and all-reduce, all-gather, reduce-scatter and all-to-all bus bandwidth by message size
(nccl-tests conventions). Rank 0 prints one JSON document (format llmplan-probe/1).
"""
import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

FORMAT = "llmplan-probe/1"
# (m, n, k): 8192^3 is the reference large GEMM; 2048^3 gives the fixed cost per kernel; the rest are the
# layers of Llama-3.1-8B at 4096 tokens and of Llama-3.1-70B at TP 8 with 8192 tokens (QKV, up/gate, down).
GPU_GEMMS = [(8192, 8192, 8192), (2048, 2048, 2048), (4096, 6144, 4096), (4096, 28672, 4096),
             (4096, 4096, 14336), (8192, 1280, 8192), (8192, 7168, 8192), (8192, 8192, 3584)]
CPU_GEMMS = [(256, 256, 256), (64, 64, 64), (128, 192, 128)]
GPU_ATTENTION = [(4, 32, 4096, 128), (1, 32, 8192, 128)]  # batch, heads, sequence, head dim; causal
CPU_ATTENTION = [(1, 2, 64, 16)]
GPU_MESSAGES = [1 << 20, 16 << 20, 256 << 20, 1 << 30]
CPU_MESSAGES = [4 << 10, 64 << 10, 1 << 20]


def main():
    args = parse_args()
    if args.ranks > 1 and "RANK" not in os.environ:
        import torch.multiprocessing as mp
        port = free_port()
        mp.spawn(run_rank, args=(args, port), nprocs=args.ranks)
    else:
        run_rank(int(os.environ.get("RANK", "0")), args, None)


def parse_args():
    p = argparse.ArgumentParser(description="Measures this machine for llmplan calibrate.")
    p.add_argument("--cpu", action="store_true", help="tiny shapes on the CPU: checks every code path, measures nothing useful")
    p.add_argument("--ranks", type=int, default=1, help="local processes for the collectives when not under torchrun")
    p.add_argument("--seconds", type=float, default=None, help="length of the sustained load (default 30, --cpu 1)")
    p.add_argument("--out", default=None, help="write the JSON here instead of standard output")
    args = p.parse_args()
    if not args.cpu and not torch.cuda.is_available():
        p.error("no CUDA device is visible to PyTorch; run on a GPU machine, or pass --cpu to check the script")
    if args.seconds is None:
        args.seconds = 1.0 if args.cpu else 30.0
    return args


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_rank(rank, args, port):
    world = int(os.environ.get("WORLD_SIZE", args.ranks))
    local_rank = int(os.environ.get("LOCAL_RANK", rank))
    device = torch.device("cpu") if args.cpu else torch.device("cuda", local_rank)
    if not args.cpu:
        torch.cuda.set_device(device)
    if world > 1:
        init_group(rank, world, args, port)
    probe = Probe(device, args)
    result = {"format": FORMAT, "machine": machine(device, world), "skipped": probe.skipped}
    if rank == 0:  # kernels are measured on one GPU; the others wait at the collectives
        result.update(probe.kernels())
    result["collectives"] = probe.collectives(world) if world > 1 else []
    if rank == 0:
        text = json.dumps(result, indent=2)
        if args.out:
            with open(args.out, "w") as f:
                f.write(text + "\n")
        else:
            print(text)
    if world > 1:
        torch.distributed.destroy_process_group()


def init_group(rank, world, args, port):
    if port is not None:
        os.environ["MASTER_ADDR"] = "127.0.0.1"
        os.environ["MASTER_PORT"] = str(port)
    backend = "gloo" if args.cpu else "nccl"
    torch.distributed.init_process_group(backend, rank=rank, world_size=world)


def machine(device, world):
    local = int(os.environ.get("LOCAL_WORLD_SIZE", world))
    m = {"hostname": socket.gethostname(), "torch": torch.__version__, "python": platform.python_version(),
         "device": device.type, "worldSize": world, "ranksPerNode": local, "nodes": max(1, world // max(1, local))}
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        m.update({"deviceName": props.name, "memoryBytes": props.total_memory, "sms": props.multi_processor_count,
                  "computeCapability": "%d.%d" % (props.major, props.minor), "cuda": torch.version.cuda,
                  "devicesVisible": torch.cuda.device_count()})
    else:
        m.update({"deviceName": platform.processor() or platform.machine(), "threads": torch.get_num_threads()})
    return m


class Probe:
    def __init__(self, device, args):
        self.device = device
        self.cpu = args.cpu
        self.seconds = args.seconds
        self.skipped = []

    def sync(self):
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def timed(self, fn, repeat=None):
        """Mean seconds of `repeat` runs after two warm-up runs."""
        repeat = repeat or (3 if self.cpu else 20)
        for _ in range(2):
            fn()
        self.sync()
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        self.sync()
        return (time.perf_counter() - start) / repeat

    def kernels(self):
        gemm = self.gemms()
        return {"gemm": gemm, "attention": self.attention(), "memory": self.memory(),
                "sustained": self.sustained(gemm)}

    def gemms(self):
        rows = []
        for m, n, k in (CPU_GEMMS if self.cpu else GPU_GEMMS):
            rows.append(self.gemm_row("bf16", m, n, k, self.bf16_gemm(m, n, k)))
        for name, make in (("fp8", self.fp8_gemm), ("fp4", self.fp4_gemm)):
            m, n, k = (CPU_GEMMS if self.cpu else GPU_GEMMS)[0]
            try:
                rows.append(self.gemm_row(name, m, n, k, make(m, n, k)))
            except Exception as e:  # no such dtype, kernel or GPU support: say why, keep going
                self.skipped.append("%s GEMM: %s" % (name, one_line(e)))
        return rows

    def gemm_row(self, dtype, m, n, k, fn):
        seconds = self.timed(fn)
        return {"dtype": dtype, "m": m, "n": n, "k": k, "seconds": seconds, "tflops": 2.0 * m * n * k / seconds / 1e12,
                "smMhz": sm_clock(self.device)}

    def bf16_gemm(self, m, n, k):
        a = torch.randn(m, k, device=self.device, dtype=torch.bfloat16)
        b = torch.randn(k, n, device=self.device, dtype=torch.bfloat16)
        return lambda: torch.matmul(a, b)

    def fp8_gemm(self, m, n, k):
        need(hasattr(torch, "float8_e4m3fn") and hasattr(torch, "_scaled_mm"), "this PyTorch has no float8 matmul")
        need(self.device.type == "cuda" and torch.cuda.get_device_capability(self.device) >= (8, 9),
             "FP8 tensor cores need CUDA compute capability 8.9 or newer")
        a = torch.randn(m, k, device=self.device).to(torch.float8_e4m3fn)
        b = torch.randn(n, k, device=self.device).to(torch.float8_e4m3fn).t()  # column-major, as cuBLASLt wants
        one = torch.ones((), device=self.device)
        return lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)

    def fp4_gemm(self, m, n, k):
        need(hasattr(torch, "float4_e2m1fn_x2") and hasattr(torch, "float8_e8m0fnu"), "this PyTorch has no FP4 dtype")
        need(self.device.type == "cuda" and torch.cuda.get_device_capability(self.device) >= (10, 0),
             "FP4 tensor cores need CUDA compute capability 10.0 or newer")
        packed = torch.randint(0, 255, (m, k // 2), device=self.device, dtype=torch.uint8)
        a = packed.view(torch.float4_e2m1fn_x2)
        b = torch.randint(0, 255, (n, k // 2), device=self.device, dtype=torch.uint8).view(torch.float4_e2m1fn_x2).t()
        sa = torch.ones(m, k // 32, device=self.device).to(torch.float8_e8m0fnu)  # MX: one scale per 32 values
        sb = torch.ones(n, k // 32, device=self.device).to(torch.float8_e8m0fnu)
        fn = lambda: torch._scaled_mm(a, b, scale_a=sa, scale_b=sb, out_dtype=torch.bfloat16)
        fn()  # fails here, with PyTorch's reason, where this build cannot run it
        return fn

    def attention(self):
        rows = []
        for b, h, s, d in (CPU_ATTENTION if self.cpu else GPU_ATTENTION):
            dtype = torch.float32 if self.cpu else torch.bfloat16
            q, k, v = (torch.randn(b, h, s, d, device=self.device, dtype=dtype, requires_grad=True) for _ in range(3))
            kernel, attend = self.attention_kernel()
            forward = self.timed(lambda: attend(q, k, v))
            out = attend(q, k, v)
            grad = torch.ones_like(out)
            both = self.timed(lambda: torch.autograd.grad(attend(q, k, v), (q, k, v), grad))
            flops = 4.0 * b * h * s * s * d / 2  # QK^T and AV, causal: half the products
            backward = max(both - forward, 1e-9)
            rows.append({"kernel": kernel, "batch": b, "heads": h, "seq": s, "headDim": d, "causal": True,
                         "forwardSeconds": forward, "backwardSeconds": backward,
                         "forwardTflops": flops / forward / 1e12, "backwardTflops": 2.5 * flops / backward / 1e12})
        return rows

    def attention_kernel(self):
        """SDPA restricted to its flash kernel (FlashAttention-2 in PyTorch 2.2+), else SDPA, else the math."""
        if hasattr(F, "scaled_dot_product_attention"):
            sdpa = lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True)
            if self.device.type == "cuda":
                flash = flash_only()
                if flash is not None:
                    def attend(q, k, v):
                        with flash():
                            return sdpa(q, k, v)
                    return "fa2", attend
            return "sdpa", sdpa
        self.skipped.append("attention: this PyTorch has no scaled_dot_product_attention; timed the math kernel")
        return "math", math_attention

    def memory(self):
        n = (16 << 20) if self.cpu else (1 << 30)
        src = torch.empty(n, dtype=torch.uint8, device=self.device)
        dst = torch.empty_like(src)
        copy = self.timed(lambda: dst.copy_(src))
        host = torch.empty(n, dtype=torch.uint8, pin_memory=self.device.type == "cuda")
        to_device = self.timed(lambda: src.copy_(host, non_blocking=True))
        to_host = self.timed(lambda: host.copy_(src, non_blocking=True))
        small = torch.ones(1, device=self.device)
        launch = self.timed(lambda: small.add_(1), repeat=200)
        return {"copyBytes": n, "deviceCopyGBps": 2.0 * n / copy / 1e9, "hostToDeviceGBps": n / to_device / 1e9,
                "deviceToHostGBps": n / to_host / 1e9, "emptyKernelMicros": launch * 1e6}

    def sustained(self, gemm):
        """The largest BF16 GEMM in a loop: throughput and SM clock at the start and at the end."""
        m, n, k = (CPU_GEMMS if self.cpu else GPU_GEMMS)[0]
        fn = self.bf16_gemm(m, n, k)
        first = self.window(fn, self.seconds * 0.1)
        clock_start = sm_clock(self.device)
        end = time.perf_counter() + self.seconds * 0.6
        while time.perf_counter() < end:
            fn()
        last = self.window(fn, self.seconds * 0.3)
        return {"m": m, "n": n, "k": k, "seconds": self.seconds, "firstTflops": first, "lastTflops": last,
                "smMhzStart": clock_start, "smMhzEnd": sm_clock(self.device), "smMhzMax": sm_clock(self.device, "max"),
                "powerWatts": gpu_query(self.device, "power.draw"), "powerLimitWatts": gpu_query(self.device, "power.limit")}

    def window(self, fn, seconds):
        self.sync()
        start, count = time.perf_counter(), 0
        while time.perf_counter() - start < seconds or count == 0:
            fn()
            count += 1
            if self.device.type == "cuda" and count % 10 == 0:
                self.sync()
        self.sync()
        m, n, k = (CPU_GEMMS if self.cpu else GPU_GEMMS)[0]
        return 2.0 * m * n * k * count / (time.perf_counter() - start) / 1e12

    def collectives(self, world):
        rows = []
        dist = torch.distributed
        for op in ("all_reduce", "all_gather", "reduce_scatter", "all_to_all"):
            for size in (CPU_MESSAGES if self.cpu else GPU_MESSAGES):
                try:
                    fn = collective(op, size, world, self.device)
                    fn()
                except Exception as e:  # gloo has no reduce_scatter, for one
                    self.skipped.append("%s: %s" % (op, one_line(e)))
                    dist.barrier()
                    break
                seconds = self.timed(fn, repeat=5 if self.cpu else 20)
                algbw = size / seconds / 1e9
                factor = 2.0 * (world - 1) / world if op == "all_reduce" else (world - 1.0) / world
                rows.append({"op": op, "bytes": size, "ranks": world, "seconds": seconds, "algGBps": algbw,
                             "busGBps": algbw * factor})
        return rows


def collective(op, size, world, device):
    """One collective over a buffer of `size` bytes as nccl-tests counts it (the whole gathered/reduced buffer)."""
    dist = torch.distributed
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32  # gloo reduces no bf16
    elem = torch.finfo(dtype).bits // 8
    count = max(world, size // elem // world * world)  # elements, divisible by the ranks
    full = torch.ones(count, dtype=dtype, device=device)
    shard = full[: count // world].clone()
    if op == "all_reduce":
        return lambda: dist.all_reduce(full)
    if op == "all_gather":
        if device.type == "cuda" and hasattr(dist, "all_gather_into_tensor"):
            return lambda: dist.all_gather_into_tensor(full, shard)
        return lambda: dist.all_gather(list(full.chunk(world)), shard)
    if op == "reduce_scatter":
        if device.type == "cuda" and hasattr(dist, "reduce_scatter_tensor"):
            return lambda: dist.reduce_scatter_tensor(shard, full)
        return lambda: dist.reduce_scatter(shard, list(full.chunk(world)))
    out = torch.empty_like(full)
    return lambda: dist.all_to_all_single(out, full)


def math_attention(q, k, v):
    s = q.shape[-2]
    scores = torch.matmul(q, k.transpose(-1, -2)) / (q.shape[-1] ** 0.5)
    mask = torch.ones(s, s, dtype=torch.bool, device=q.device).triu(1)
    return torch.matmul(torch.softmax(scores.masked_fill(mask, float("-inf")), dim=-1), v)


def flash_only():
    """A context that limits SDPA to the flash kernel, in the API of this PyTorch, or None."""
    try:
        from torch.nn.attention import SDPBackend, sdpa_kernel
        return lambda: sdpa_kernel(SDPBackend.FLASH_ATTENTION)
    except ImportError:
        pass
    if hasattr(torch.backends.cuda, "sdp_kernel"):
        return lambda: torch.backends.cuda.sdp_kernel(enable_flash=True, enable_math=False, enable_mem_efficient=False)
    return None


def sm_clock(device, which="sm"):
    value = gpu_query(device, "clocks.%s" % ("max.sm" if which == "max" else "sm"))
    if value is None and which == "max" and device.type == "cuda" and hasattr(torch.cuda, "clock_rate"):
        try:
            return float(torch.cuda.clock_rate(device))
        except Exception:
            return None
    return value


def gpu_query(device, field):
    """One nvidia-smi field of this GPU, or None where there is no nvidia-smi (CPU, AMD)."""
    if device.type != "cuda" or shutil.which("nvidia-smi") is None:
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=" + field, "--format=csv,noheader,nounits",
                              "-i", str(device.index or 0)], capture_output=True, text=True, timeout=10).stdout
        return float(out.strip().splitlines()[0])
    except (ValueError, IndexError, OSError, subprocess.SubprocessError):
        return None


def need(condition, reason):
    if not condition:
        raise RuntimeError(reason)


def one_line(e):
    text = str(e).strip().splitlines()
    return text[0][:200] if text else type(e).__name__


if __name__ == "__main__":
    main()
