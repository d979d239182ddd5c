#pragma once

namespace portfolio::threads {

// Makes the calling thread a background thread (Linux SCHED_BATCH): waking it no longer preempts
// the running thread, so an I/O thread that hands work to it keeps serving its other connections
// until it waits, and the background thread then takes everything queued in one go. On a single
// core (a pinned process, a fractional Fargate task) that turns two context switches per storage
// call into two per batch of calls; with a core to spare it changes nothing. Best effort: returns
// false when the system refuses, and the thread keeps the default policy.
bool run_as_background_thread();

}  // namespace portfolio::threads
