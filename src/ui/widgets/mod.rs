pub mod form;
pub mod table;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

/// Clears `rect` for an overlay. A wide character straddling either edge
/// would otherwise leave half a glyph that swallows the overlay's border in
/// a real terminal, so those are blanked too.
pub fn clear_overlay(frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    let buf = frame.buffer_mut();
    let area = buf.area;
    for y in rect.top()..rect.bottom() {
        if rect.left() > area.left() {
            let left = &mut buf[(rect.left() - 1, y)];
            if crate::text::width(left.symbol()) > 1 {
                left.set_symbol(" ");
            }
        }
        if rect.right() < area.right() {
            let right = &mut buf[(rect.right(), y)];
            if right.symbol().is_empty() {
                right.set_symbol(" ");
            }
        }
    }
}

/// A `width` x `height` box centred in `area` (clipped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
