#include "threads/background_thread.hpp"

#include <pthread.h>
#include <sched.h>

namespace portfolio::threads {

bool run_as_background_thread() {
  sched_param priority{};
  priority.sched_priority = 0;  // the only priority SCHED_BATCH has
  return pthread_setschedparam(pthread_self(), SCHED_BATCH, &priority) == 0;
}

}  // namespace portfolio::threads
