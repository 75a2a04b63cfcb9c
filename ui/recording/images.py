"""numpy BGR frames and audio levels into Qt objects (GUI thread only)."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPixmap

LEVEL_FLOOR_DB = -60


def bgr_to_pixmap(img: np.ndarray) -> QPixmap:
    h, w = img.shape[:2]
    data = np.ascontiguousarray(img)
    qimg = QImage(data.data, w, h, data.strides[0], QImage.Format.Format_BGR888)
    return QPixmap.fromImage(qimg.copy())  # copy: the numpy buffer is not kept alive by Qt


def level_percent(db: float) -> int:
    return int(round(100 * (max(LEVEL_FLOOR_DB, min(0.0, db)) - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB))
