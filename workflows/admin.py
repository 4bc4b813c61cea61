"""viewflow's process and task lists leave the admin.

They are case content, which administrators see none of unless granted a role
(docs/roles-and-visibility.md#administrators), and the case's own history, its event log,
already says who did each step and when.
"""

from django.contrib import admin
from viewflow.workflow.models import Process, Task

for model in (Process, Task):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
