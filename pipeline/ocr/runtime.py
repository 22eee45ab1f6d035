"""onnxruntime sessions and memory for the OCR models: our session options, freed heap pages
given back."""

from __future__ import annotations


def release_freed_memory() -> None:
    """Give the heap's free pages back to the system (glibc keeps them: a worker would stay
    at its largest picture's size); a no-op where there is no glibc."""
    import ctypes
    import ctypes.util

    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def session_for(old, threads: int):
    """``old``'s model in a session without the memory-pattern planner (it keeps a buffer
    plan per input shape: every strip and batch width would add one) and with the arena on
    (it reuses the largest input's buffers instead of fragmenting the heap)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = True
    options.enable_mem_pattern = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    path = old._model_path
    del old
    return ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
