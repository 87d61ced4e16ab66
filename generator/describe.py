"""Say one semantic KB change in a Vietnamese sentence for a citizen: names for ids, formatted values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from generator.diff import Change, FieldChange
from generator.wording import (CHOICES, UNSHOWN, Names, Speaker, change_words, quantity, quoted, section_text,
                               shorten, target_text)

def plan_name(title: str, limit: int = 90) -> str:
    """A plan title without its leading "Kế hoạch", for use after the word "kế hoạch": `Thực hiện … năm 2024`."""
    name = re.sub(r"^kế hoạch\s+", "", " ".join(title.split()), flags=re.IGNORECASE)
    return shorten(name[:1].upper() + name[1:], limit)


def speaker(change: Change, names: Names) -> Speaker:
    """Words for one change's values, resolved in its plan's district (or its registry's)."""
    if change.plan:
        district = names.plan_district(change.plan)
    elif change.kind in ("commune", "agency"):
        district = change.key.split("/", 1)[0]
    else:
        district = ""
    return Speaker(names, change.kind, change.plan, district)


def _role(kind: str, content: Mapping[str, Any]) -> str:
    return CHOICES[(kind, "role")].get(str(content.get("role")), str(content.get("role")))


def subject(kind: str, c: Mapping[str, Any], sp: Speaker) -> str:
    """What the change is about, in words: `chỉ tiêu “…”`, `Phòng Tư pháp phụ trách xã Dào San`."""
    names, district = sp.names, sp.district
    if kind == "target":
        return f"chỉ tiêu {quoted(c['indicator'], 70)}"
    if kind == "fund_line":
        return f"{section_text(c['section'])} {quoted(c['label'], 60)}"
    if kind == "duty":
        return f"nhiệm vụ {quoted(c['task'], 70)} của {names.agency(district, c['agency'])}"
    if kind == "assignment":
        return f"{names.agency(district, c['agency'])} {_role(kind, c)} {names.commune(district, c['commune'])}"
    if kind == "result":
        return f"kết quả {quoted(c['indicator'], 70)}"
    if kind == "legal_basis":
        return f"văn bản căn cứ {c['number']}"
    if kind in ("commune", "district"):
        return f"{c['type']} {c['name']}"
    if kind == "agency":
        return str(c["name"])
    if kind == "program":
        return f"{c['short_name']} {quoted(c['name'], 60)}" if c["kind"] != "mtqg" else f"chương trình {quoted(c['short_name'])}"
    if kind == "fund_source":
        return f"nguồn vốn {quoted(c['name'])}"
    if kind == "indicator":
        return f"chỉ tiêu chính {quoted(c['name'])}"
    return f"kế hoạch {quoted(plan_name(str(c['title'])))}"


# ---------------------------------------------------------------------------------------------- added, removed


def _added(c: Mapping[str, Any], sp: Speaker) -> str:
    kind, names, district = sp.kind, sp.names, sp.district
    if kind == "target":
        return f"Thêm {subject(kind, c, sp)}" + (f": {target_text(c)}" if target_text(c) else "")
    if kind == "fund_line":
        nature = "" if c.get("nature", "planned") == "planned" else f" ({CHOICES[('fund_line', 'nature')][c['nature']]})"
        money = quantity(c["amount"], c.get("unit", "triệu đồng"))
        return f"Thêm khoản kinh phí {subject(kind, c, sp)}: {money}, {names.fund_source(c['source'])}{nature}"
    if kind == "duty":
        return f"Thêm nhiệm vụ {quoted(c['task'], 70)} cho {names.agency(district, c['agency'])} ({_role(kind, c)})"
    if kind == "assignment":
        partner = f" (cùng {names.agency(district, c['with_agency'])})" if c.get("with_agency") else ""
        return f"Giao {subject(kind, c, sp)}{partner}"
    if kind == "result":
        when = f" (đến {sp.value('as_of', c['as_of'], c)})" if c.get("as_of") else ""
        value = quantity(c.get("value"), str(c.get("unit", "")))
        return f"Thêm {subject(kind, c, sp)}" + (f": {value}" if value else "") + when
    if kind == "legal_basis":
        when = f" ngày {sp.value('date', c['date'], c)}" if c.get("date") else ""
        return f"Thêm {subject(kind, c, sp)}{when} của {c['issuer']}"
    if kind == "commune":
        return f"Thêm {subject(kind, c, sp)} (mã {c['code']}) vào danh mục"
    if kind == "district":
        return f"Thêm {subject(kind, c, sp)}, tỉnh {c['province']} vào danh mục"
    if kind in ("agency", "program", "indicator"):
        return f"Thêm {'cơ quan ' if kind == 'agency' else ''}{subject(kind, c, sp)} vào danh mục"
    return f"Thêm {subject(kind, c, sp)}"


def _removed(c: Mapping[str, Any], sp: Speaker) -> str:
    kind = sp.kind
    if kind == "target":
        level = target_text(c, with_year=False)
        return f"Bỏ {subject(kind, c, sp)} ({'mức ' + level + ', ' if level else ''}năm {c['year']})"
    if kind == "fund_line":
        return f"Bỏ khoản kinh phí {subject(kind, c, sp)} ({quantity(c['amount'], c.get('unit', 'triệu đồng'))})"
    if kind == "assignment":
        return f"Thôi giao {subject(kind, c, sp)}"
    if kind in ("agency", "commune", "program", "district", "indicator"):
        return f"Bỏ {'cơ quan ' if kind == 'agency' else ''}{subject(kind, c, sp)} khỏi danh mục"
    return f"Bỏ {subject(kind, c, sp)}"


# ---------------------------------------------------------------------------------------------- changed


Lead = Callable[[Change, dict[str, FieldChange], Speaker], tuple[list[str], set[str]]]


def _fund_amount(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    if "amount" not in fields and "unit" not in fields:
        return [], set()
    old, new = change.before or {}, change.after or {}
    old_unit, new_unit = old.get("unit", "triệu đồng"), new.get("unit", "triệu đồng")
    before = old["amount"] if old_unit == new_unit else quantity(old["amount"], old_unit)
    words = change_words(old["amount"], new["amount"], new_unit, money=True) if old_unit == new_unit else ""
    text = (f"Sửa số tiền {subject('fund_line', old, sp)} từ {before} thành {quantity(new['amount'], new_unit)}"
            + (f" ({words})" if words else ""))
    return [text], {"amount", "unit"}


_TARGET_LEVEL = {"comparator", "value", "value_max", "unit", "per_year"}


def _target_level(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    if not _TARGET_LEVEL & set(fields):
        return [], set()
    old, new = change.before or {}, change.after or {}
    if target_text(old, with_year=False) == target_text(new, with_year=False):
        return [], set()  # e.g. an upper bound that only a range shows: said field by field
    same = old.get("unit") == new.get("unit") and old.get("comparator") == new.get("comparator")
    words = change_words(old.get("value"), new.get("value"), str(new.get("unit", ""))) if same else ""
    text = (f"Sửa mức {subject('target', old, sp)} từ {target_text(old, with_year=False) or '(không ghi số)'} "
            f"thành {target_text(new, with_year=False) or '(không ghi số)'}" + (f" ({words})" if words else ""))
    return [text], _TARGET_LEVEL


def _result_value(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    if "value" not in fields and "unit" not in fields:
        return [], set()
    old, new = change.before or {}, change.after or {}
    words = change_words(old.get("value"), new.get("value"), str(new.get("unit", ""))) if old.get("unit") == new.get("unit") else ""
    text = (f"Sửa {subject('result', old, sp)} từ {quantity(old.get('value'), str(old.get('unit', ''))) or '(để trống)'} "
            f"thành {quantity(new.get('value'), str(new.get('unit', ''))) or '(để trống)'}" + (f" ({words})" if words else ""))
    return [text], {"value", "unit"}


def _assignment(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    old, new = change.before or {}, change.after or {}
    names, district = sp.names, sp.district
    agency_old, agency_new = names.agency(district, old["agency"]), names.agency(district, new["agency"])
    commune_old, commune_new = names.commune(district, old["commune"]), names.commune(district, new["commune"])
    if "commune" in fields and "agency" in fields:
        text = f"Thay phân công {subject('assignment', old, sp)} bằng {subject('assignment', new, sp)}"
    elif "commune" in fields:
        text = f"Chuyển {agency_old} từ {_role('assignment', old)} {commune_old} sang {commune_new}"
    elif "agency" in fields:
        text = f"Chuyển việc {_role('assignment', old)} {commune_new} từ {agency_old} sang {agency_new}"
    elif "role" in fields:
        text = (f"Đổi vai trò của {agency_new} tại {commune_new} từ {_role('assignment', old)} "
                f"thành {_role('assignment', new)}")
    else:
        return [], set()
    # The printed spelling follows the commune it names; a reader needs only the move.
    return [text], {"commune", "agency", "role", "commune_printed"} if "commune" in fields else {"agency", "role"}


def _duty(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    old, new = change.before or {}, change.after or {}
    names, district = sp.names, sp.district
    task = quoted(new["task"], 70)
    if "agency" in fields:
        text = f"Chuyển nhiệm vụ {task} từ {names.agency(district, old['agency'])} sang {names.agency(district, new['agency'])}"
        if "role" in fields:
            text += f" ({_role('duty', new)})"
        return [text], {"agency", "role"}
    if "role" in fields:
        return [f"Đổi vai trò của {names.agency(district, new['agency'])} trong nhiệm vụ {task} "
                f"từ {_role('duty', old)} thành {_role('duty', new)}"], {"role"}
    return [], set()


def _aliases(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    if "aliases" not in fields:
        return [], set()
    old, new = list(fields["aliases"].old or ()), list(fields["aliases"].new or ())
    what = subject(sp.kind, change.before or {}, sp)
    added, removed = [a for a in new if a not in old], [a for a in old if a not in new]
    lines = [f"Thêm tên gọi khác {', '.join(quoted(a, 60) for a in added)} cho {what}"] if added else []
    lines += [f"Bỏ tên gọi khác {', '.join(quoted(a, 60) for a in removed)} của {what}"] if removed else []
    return lines, {"aliases"}


def _reviewed(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    if "unreviewed" not in fields:
        return [], set()
    what = _noun(sp.kind) + subject(sp.kind, change.before or {}, sp)
    if fields["unreviewed"].new:
        return [f"Đánh dấu {what} cần đối chiếu lại với văn bản nguồn"], {"unreviewed"}
    return [f"Đã đối chiếu {what} với văn bản nguồn"], {"unreviewed"}


def _name(change: Change, fields: dict[str, FieldChange], sp: Speaker) -> tuple[list[str], set[str]]:
    if "name" not in fields:
        return [], set()
    return [f"Đổi tên {_noun(sp.kind)}{subject(sp.kind, change.before or {}, sp)} thành {quoted(fields['name'].new)}"], {"name"}


LEADS: dict[str, tuple[Lead, ...]] = {
    "fund_line": (_fund_amount, _reviewed), "target": (_target_level, _reviewed), "result": (_result_value, _reviewed),
    "assignment": (_assignment, _reviewed), "duty": (_duty, _reviewed), "legal_basis": (_reviewed,),
    "commune": (_name, _aliases), "agency": (_name, _aliases), "district": (_name,), "fund_source": (_name,),
}


def _noun(kind: str) -> str:
    """The word a bare subject needs after a verb: `Sửa phân công …`, `Sửa cơ quan …`."""
    return {"assignment": "phân công ", "agency": "cơ quan ", "fund_line": "khoản kinh phí "}.get(kind, "")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def clause(f: FieldChange, change: Change, sp: Speaker) -> str:
    """One field's change: `năm phải đạt từ 2024 thành 2025`, `thêm xã được hưởng xã Dào San`."""
    phrase, before, after = sp.field(f.field), change.before or {}, change.after or {}
    if f.field in UNSHOWN:
        return f"{'thêm' if _is_empty(f.old) else ('bỏ' if _is_empty(f.new) else 'sửa')} {phrase}"
    if f.field == "note" and not _is_empty(f.old) and not _is_empty(f.new):
        # Only the note as it now reads: notes written before they became public were maintainers' English.
        return f"sửa {phrase} thành {sp.value(f.field, f.new, after)}"
    if isinstance(f.old, list) or isinstance(f.new, list):
        old, new = list(f.old or ()), list(f.new or ())
        added, removed = [v for v in new if v not in old], [v for v in old if v not in new]
        parts = [f"thêm {phrase} {sp.value(f.field, added, after)}"] if added else []
        parts += [f"bỏ {phrase} {sp.value(f.field, removed, before)}"] if removed else []
        return "; ".join(parts) or f"đổi thứ tự {phrase}"
    if isinstance(f.old, bool) or isinstance(f.new, bool):
        return f"{'đặt' if f.new else 'bỏ'} {phrase}"
    if _is_empty(f.old):
        return f"thêm {phrase}: {sp.value(f.field, f.new, after)}"
    if _is_empty(f.new):
        return f"bỏ {phrase} ({sp.value(f.field, f.old, before)})"
    return f"{phrase} từ {sp.value(f.field, f.old, before)} thành {sp.value(f.field, f.new, after)}"


def _changed(change: Change, sp: Speaker) -> str:
    fields = {f.field: f for f in change.fields}
    lines: list[str] = []
    used: set[str] = set()
    for lead in LEADS.get(change.kind, ()):
        more, taken = lead(change, fields, sp)
        lines += more
        used |= taken
    rest = [clause(f, change, sp) for name, f in fields.items() if name not in used]
    if rest:
        lines.append(f"Sửa {_noun(change.kind)}{subject(change.kind, change.before or {}, sp)}: {'; '.join(rest)}")
    return "; ".join(lines[:1] + [line[0].lower() + line[1:] for line in lines[1:]])


def sentence(change: Change, names: Names) -> str:
    """One change in words, for a citizen, on one line (KB names may hold line breaks)."""
    return " ".join(_sentence(change, names).split())


def _sentence(change: Change, names: Names) -> str:
    sp = speaker(change, names)
    if change.status == "added":
        return _added(change.after or {}, sp)
    if change.status == "removed":
        return _removed(change.before or {}, sp)
    text = _changed(change, sp) if change.fields else ""
    if change.status == "renamed":
        # Ids are internal (the reviewer's diff shows them); a reader only needs to know nothing else changed.
        head = f"Đổi mã định danh của {_noun(change.kind)}{subject(change.kind, change.before or {}, sp)}"
        return head + (f"; {text[0].lower()}{text[1:]}" if text else " (nội dung không đổi)")
    return text
