"""What a worker process loads: the queue and every task module.

Run it with `huey_consumer app.worker.huey` (make run starts one).
"""

import media.tasks  # noqa: F401 - registers the media tasks on the queue
from app.jobs import huey

__all__ = ["huey"]
