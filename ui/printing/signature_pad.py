"""A handwritten signature pad: mouse, finger (touch) and pen tablet (pressure), with clear, undo and
redo. Strokes are kept as vectors in printing's normalized format (``printing.signature``): lists of
``(x, y, pressure)`` in [0, 1] of a box ``SIGNATURE_ASPECT`` times as wide as it is high."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from printing.signature import SIGNATURE_ASPECT

Point = tuple[float, float, float]
Stroke = list[Point]

# Pen widths as fractions of the pad's width: the same range printing renders with, so what the
# signer sees is what is printed.
MIN_WIDTH, MAX_WIDTH = 0.004, 0.018
_MOUSE_PRESSURE = 0.6  # a mouse or finger has no pressure: a middle width looks like ink


class SignaturePad(QWidget):
    """``strokes()`` / ``set_strokes()``; ``strokes_changed`` after every finished stroke, clear,
    undo or redo."""

    strokes_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(240, int(240 / SIGNATURE_ASPECT))
        self.setAccessibleName(self.tr("签名区"))
        self._strokes: list[Stroke] = []
        self._redo: list[list[Stroke]] = []  # whole states: clear is undoable too
        self._undo: list[list[Stroke]] = []
        self._current: Stroke | None = None

    # -- geometry ---------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(600, int(600 / SIGNATURE_ASPECT))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return int(width / SIGNATURE_ASPECT)

    def pad_rect(self) -> QRectF:
        """The writing box: the largest rectangle of the signature's aspect, centred."""
        w, h = float(self.width()), float(self.height())
        if w / max(h, 1.0) > SIGNATURE_ASPECT:
            bw, bh = h * SIGNATURE_ASPECT, h
        else:
            bw, bh = w, w / SIGNATURE_ASPECT
        return QRectF((w - bw) / 2, (h - bh) / 2, bw, bh)

    def _normalize(self, pos: QPointF, pressure: float) -> Point:
        r = self.pad_rect()
        x = min(max((pos.x() - r.x()) / max(r.width(), 1.0), 0.0), 1.0)
        y = min(max((pos.y() - r.y()) / max(r.height(), 1.0), 0.0), 1.0)
        return round(x, 4), round(y, 4), round(min(max(pressure, 0.0), 1.0), 3)

    # -- the strokes ------------------------------------------------------------------------------
    def strokes(self) -> list[Stroke]:
        return [list(s) for s in self._strokes]

    def set_strokes(self, strokes: list[list[tuple[float, float, float]]] | list[list[list[float]]]) -> None:
        """Shows earlier strokes (e.g. from the database, where JSON made the points lists)."""
        self._strokes = [[(float(p[0]), float(p[1]), float(p[2])) for p in s] for s in strokes]
        self._undo.clear()
        self._redo.clear()
        self.update()
        self.strokes_changed.emit()

    def is_empty(self) -> bool:
        return not any(self._strokes)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def _commit(self, new: list[Stroke]) -> None:
        self._undo.append(self._strokes)
        self._redo.clear()
        self._strokes = new
        self.update()
        self.strokes_changed.emit()

    def clear(self) -> None:
        if self._strokes:
            self._commit([])

    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._strokes)
            self._strokes = self._undo.pop()
            self.update()
            self.strokes_changed.emit()

    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._strokes)
            self._strokes = self._redo.pop()
            self.update()
            self.strokes_changed.emit()

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._current = [self._normalize(pos, pressure)]
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        point = self._normalize(pos, pressure)
        if point[:2] != self._current[-1][:2]:
            self._current.append(point)
            self.update()

    def _end(self) -> None:
        if self._current is None:
            return
        stroke, self._current = self._current, None
        self._commit([*self._strokes, stroke])

    # -- input ------------------------------------------------------------------------------------
    def _synthesized(self, event: QMouseEvent) -> bool:
        # Qt turns unhandled touch and tablet input into mouse events; we handle those ourselves.
        return event.source() != Qt.MouseEventSource.MouseEventNotSynthesized

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and not self._synthesized(event):
            self._begin(event.position(), _MOUSE_PRESSURE)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.buttons() & Qt.MouseButton.LeftButton and not self._synthesized(event):
            self._extend(event.position(), _MOUSE_PRESSURE)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and not self._synthesized(event):
            self._extend(event.position(), _MOUSE_PRESSURE)
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            if event.pressure() > 0 or event.buttons() & Qt.MouseButton.LeftButton:
                self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # accepted: Qt synthesizes no mouse event from it

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
                    QEvent.Type.TouchCancel):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if kind == QEvent.Type.TouchCancel:
                self._current = None
                self.update()
            elif points:
                p = points[0]  # one finger writes; a second one is a resting palm
                pressure = p.pressure() if 0.0 < p.pressure() < 1.0 else _MOUSE_PRESSURE
                if kind == QEvent.Type.TouchBegin:
                    self._begin(p.position(), pressure)
                else:
                    self._extend(p.position(), pressure)
                    if kind == QEvent.Type.TouchEnd:
                        self._end()
            event.accept()
            return True
        return super().event(event)

    # -- drawing ----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = self.pad_rect()
        p.fillRect(self.rect(), self.palette().window())
        p.fillRect(r, QColor(255, 255, 255))
        p.setPen(QPen(QColor(190, 190, 190), 1, Qt.PenStyle.DashLine))
        baseline = r.y() + r.height() * 0.78
        p.drawLine(QPointF(r.x() + r.width() * 0.05, baseline), QPointF(r.right() - r.width() * 0.05, baseline))
        p.setPen(QPen(QColor(200, 200, 200), 1))
        p.drawRect(r.adjusted(0, 0, -1, -1))
        strokes = self._strokes + ([self._current] if self._current else [])
        for stroke in strokes:
            self._draw_stroke(p, r, stroke)
        p.end()

    @staticmethod
    def _draw_stroke(p: QPainter, r: QRectF, stroke: Stroke) -> None:
        def at(pt: Point) -> QPointF:
            return QPointF(r.x() + pt[0] * r.width(), r.y() + pt[1] * r.height())

        def width(pressure: float) -> float:
            return max(1.0, (MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * pressure) * r.width())

        ink = QColor(10, 10, 10)
        if len(stroke) == 1:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(ink)
            w = width(stroke[0][2])
            p.drawEllipse(at(stroke[0]), w / 2, w / 2)
            return
        for a, b in zip(stroke, stroke[1:], strict=False):
            pen = QPen(ink, width((a[2] + b[2]) / 2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                       Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.drawLine(at(a), at(b))
