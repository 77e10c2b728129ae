"""The facilitator area (/facilitator/), the public join page and participant check-in.

One module per area; urls.py reaches them through this package.
"""

from .attendance import (  # noqa: F401
    attendance_history,
    attendance_mark_all,
    attendance_undo_mark_all,
    attendance_view,
    check_in_display,
    paper_sheet,
    sign_in_sheet,
)
from .dashboard import facilitator_home  # noqa: F401
from .participant import check_in, join  # noqa: F401
from .people import (  # noqa: F401
    enrolment_merge,
    enrolment_status,
    join_code_withdraw,
    join_codes,
    walk_in_add,
)
from .roster import (  # noqa: F401
    roster_import,
    roster_import_columns,
    roster_import_confirm,
    roster_import_preview,
    roster_template,
)
