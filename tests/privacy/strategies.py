"""Hypothesis strategies: personal data of every kind the privacy model names, embedded in English and
Vietnamese sentences, with the fragments that must not survive redaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hypothesis import strategies as st

from bot.core.text import fold_diacritics


@dataclass(frozen=True)
class Pii:
    """One item of personal data as a person would type it, and what of it must never be stored."""

    kind: str
    text: str
    secrets: tuple[str, ...]  # words or digit groups that identify; none may survive redaction


@dataclass(frozen=True)
class Message:
    """A sentence with personal data embedded; `template` is the sentence around it."""

    pii: Pii
    template: str

    @property
    def text(self) -> str:
        """The message as sent."""
        return self.template.format(pii=self.pii.text)

    def survivors(self, stored: str) -> list[str]:
        """Secrets found in `stored` (whole words, any case) that the sentence around the data does not explain."""
        around = self.template.format(pii="")
        found = []
        for secret in self.pii.secrets:
            pattern = re.compile(rf"(?<![\w]){re.escape(secret)}(?![\w])", re.IGNORECASE)
            if pattern.search(stored) and not pattern.search(around):
                found.append(secret)
        if any(ch.isdigit() for ch in stored) and not any(ch.isdigit() for ch in around):
            found.append(f"digits in {stored!r}")
        return found


def digits(count: int) -> st.SearchStrategy[str]:
    """`count` decimal digits."""
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


def groups(text: str, *sizes: int) -> list[str]:
    """`text` cut into groups of the given sizes.

    >>> groups("0912345678", 4, 3, 3)
    ['0912', '345', '678']
    """
    out, position = [], 0
    for size in sizes:
        out.append(text[position : position + size])
        position += size
    return out


@st.composite
def us_phones(draw: st.DrawFn) -> Pii:
    """A US number in one of the ways people write them."""
    area = str(draw(st.integers(200, 999)))
    exchange = str(draw(st.integers(200, 999)))
    line = draw(digits(4))
    layout = draw(
        st.sampled_from(
            [
                "({a}) {e}-{l}",
                "{a}-{e}-{l}",
                "{a}.{e}.{l}",
                "{a} {e} {l}",
                "+1 {a} {e} {l}",
                "1-{a}-{e}-{l}",
                "{a}{e}{l}",
                "+1{a}{e}{l}",
                "+1 ({a}) {e}-{l}",
            ]
        )
    )
    return Pii("phone (US)", layout.format(a=area, e=exchange, l=line), (area + exchange + line, line))


VN_MOBILE_PREFIXES = [f"{p}" for p in (*range(32, 40), 52, 56, 58, 70, 76, 77, 78, 79, *range(81, 90), *range(90, 100))]


@st.composite
def vn_phones(draw: st.DrawFn) -> Pii:
    """A Vietnamese mobile or landline number, national or international."""
    if draw(st.booleans()):
        number = draw(st.sampled_from(VN_MOBILE_PREFIXES)) + draw(digits(7))  # 9 digits after the 0
        a, b, c = groups(number, 3, 3, 3)
        layout = draw(
            st.sampled_from(
                [
                    "0{n}",
                    "0{a} {b} {c}",
                    "0{a}.{b}.{c}",
                    "0{a}-{b}-{c}",
                    "+84 {a} {b} {c}",
                    "+84{n}",
                    "(+84) {a} {b} {c}",
                    "84 {a} {b} {c}",
                ]
            )
        )
        return Pii("phone (VN mobile)", layout.format(n=number, a=a, b=b, c=c), (number, c))
    area = draw(st.sampled_from(["28", "24"]))
    rest = draw(digits(8))
    a, b = groups(rest, 4, 4)
    layout = draw(st.sampled_from(["0{z} {a} {b}", "(0{z}) {a} {b}", "0{z}{a}{b}", "+84 {z} {a} {b}"]))
    return Pii("phone (VN landline)", layout.format(z=area, a=a, b=b), (rest, b))


@st.composite
def emails(draw: st.DrawFn) -> Pii:
    """An e-mail address."""
    local = draw(st.from_regex(r"[a-z][a-z0-9]{1,8}(?:[._][a-z0-9]{1,8})?", fullmatch=True))
    domain = draw(
        st.sampled_from(["gmail.com", "yahoo.com", "hotmail.com", "icloud.com", "outlook.com"])
        | st.from_regex(r"[a-z]{3,10}\.(?:com|net|org|vn|us|edu)", fullmatch=True)
    )
    return Pii("e-mail", f"{local}@{domain}", (f"{local}@{domain}", local))


@st.composite
def urls(draw: st.DrawFn) -> Pii:
    """A link to a page that could identify someone (a profile, a post)."""
    host = draw(st.from_regex(r"[a-z]{4,10}", fullmatch=True))
    tld = draw(st.sampled_from(["com", "org", "net", "vn", "ly", "info"]))
    path = draw(st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True))
    layout = draw(st.sampled_from(["https://{h}.{t}/{p}", "http://www.{h}.{t}/{p}", "www.{h}.{t}/{p}", "{h}.{t}/{p}"]))
    return Pii("URL", layout.format(h=host, t=tld, p=path), (host, path))


@st.composite
def usernames(draw: st.DrawFn) -> Pii:
    """A Telegram @username."""
    handle = draw(st.from_regex(r"[a-z][a-z0-9_]{4,20}", fullmatch=True))
    return Pii("username", f"@{handle}", (handle,))


@st.composite
def a_numbers(draw: st.DrawFn) -> Pii:
    """An alien registration number, with or without the A, as printed or typed."""
    number = draw(digits(9) | digits(8))
    parts = groups(number, 3, 3, len(number) - 6)
    layout = draw(
        st.sampled_from(
            [
                "A{n}",
                "A-{a}-{b}-{c}",
                "A {a} {b} {c}",
                "A#{n}",
                "A# {n}",
                "A-number {n}",
                "A-number: {a}-{b}-{c}",
                "alien number {n}",
                "số A {n}",
                "so A la {n}",
            ]
        )
    )
    return Pii("A-number", layout.format(n=number, a=parts[0], b=parts[1], c=parts[2]), (number,))


@st.composite
def ssns(draw: st.DrawFn) -> Pii:
    """A Social Security number or ITIN."""
    area = draw(st.integers(1, 999).filter(lambda n: n != 666))
    itin = draw(st.booleans())
    group = draw(st.integers(70, 99) if itin else st.integers(1, 99))
    serial = draw(st.integers(1, 9999))
    a, g, s = (f"{9 if itin else area // 100}{area % 100:02d}", f"{group:02d}", f"{serial:04d}")
    layout = draw(
        st.sampled_from(
            [
                "{a}-{g}-{s}",
                "{a} {g} {s}",
                "SSN {a}{g}{s}",
                "ITIN: {a}{g}{s}",
                "số an sinh {a}{g}{s}",
                "ssn# {a}-{g}-{s}",
            ]
        )
    )
    return Pii("SSN/ITIN", layout.format(a=a, g=g, s=s), (a + g + s, s))


@st.composite
def cards(draw: st.DrawFn) -> Pii:
    """A payment card number, grouped or not."""
    if draw(st.booleans()):
        number = str(draw(st.integers(3, 6))) + draw(digits(15))
        layout = draw(st.sampled_from(["{0} {1} {2} {3}", "{0}-{1}-{2}-{3}", "{0}{1}{2}{3}"]))
        text = layout.format(*groups(number, 4, 4, 4, 4))
    else:
        number = "3" + draw(st.sampled_from(["4", "7"])) + draw(digits(13))
        text = draw(st.sampled_from(["{0} {1} {2}", "{0}{1}{2}"])).format(*groups(number, 4, 6, 5))
    return Pii("card", text, (number, number[-4:]))


US_STREETS = [
    "Miles", "Pacific", "Florence", "Gage", "Slauson", "Seville", "Zoe", "Bissell", "Saturn", "Randolph",
    "Templeton", "Santa Fe", "Bolsa", "Westminster", "Brookhurst", "Magnolia", "Main", "Olympic", "Vermont",
]  # fmt: skip
US_SUFFIXES = ["Ave", "Ave.", "Avenue", "St", "Street", "Blvd", "Boulevard", "Dr", "Drive", "Way", "Pl", "Rd"]
VI_STREETS = ["Lê Lợi", "Nguyễn Trãi", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt", "Cách Mạng Tháng Tám"]
CITIES = ["Huntington Park", "Los Angeles", "Bell", "South Gate", "Westminster", "Garden Grove"]


@st.composite
def addresses(draw: st.DrawFn) -> Pii:
    """A street address in the US, or in Vietnam, as residents write them."""
    number = str(draw(st.integers(1, 99999)))
    if draw(st.booleans()):
        street = draw(st.sampled_from(US_STREETS))
        direction = draw(st.sampled_from(["", "E ", "W. ", "North "]))
        text = f"{number} {direction}{street} {draw(st.sampled_from(US_SUFFIXES))}"
        if draw(st.booleans()):
            text += f" {draw(st.sampled_from(['Apt', 'Unit', '#', 'Apt.']))} {draw(st.integers(1, 40))}"
        if draw(st.booleans()):
            text += f", {draw(st.sampled_from(CITIES))}, CA {draw(digits(5))}"
        return Pii("address (US)", text, (number, *street.split()))
    street = draw(st.sampled_from(VI_STREETS))
    house = number if draw(st.booleans()) else f"{number}/{draw(st.integers(1, 99))}"
    layout = draw(st.sampled_from(["số {h} đường {s}", "{h} đường {s}", "số nhà {h}", "so nha {h} duong {s}"]))
    text = layout.format(h=house, s=fold_diacritics(street) if "duong" in layout else street)
    return Pii("address (VN)", text, (number,))


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


@st.composite
def birth_dates(draw: st.DrawFn) -> Pii:
    """A date of birth in US, Vietnamese and ISO order, in figures or words."""
    day = draw(st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)))
    d, m, y = day.day, day.month, day.year
    month = MONTHS[m - 1]
    text = draw(
        st.sampled_from(
            [
                f"{m:02d}/{d:02d}/{y}",
                f"{m}/{d}/{y}",
                f"{m:02d}/{d:02d}/{y % 100:02d}",
                f"{d:02d}.{m:02d}.{y}",
                f"{y}-{m:02d}-{d:02d}",
                f"{month} {d}, {y}",
                f"{month[:3]} {d} {y}",
                f"{d} {month} {y}",
                f"ngày {d} tháng {m} năm {y}",
                f"{d}/{m}/{y}",
                f"ngày {d}/{m}/{y}",
            ]
        )
    )
    return Pii("date of birth", text, (str(y), month))


VI_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
               "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai"]  # fmt: skip
VI_MIDDLES = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Đức", "Thanh", "Kim", "Quốc", "Xuân", "Bảo"]
VI_GIVEN = ["Lan", "Hùng", "An", "Bảo", "Minh", "Thảo", "Hương", "Tuấn", "Dũng", "Hoa", "Linh", "Trang",
            "Nam", "Phúc", "Khoa", "Vy", "Ngọc", "Hải", "Quang", "Thu", "Hạnh", "Long", "Duy", "Tâm", "Yến",
            "Thư"]  # fmt: skip
EN_FIRST = ["John", "Maria", "Kevin", "Jennifer", "Jose", "Michael", "Linda", "David", "Susan", "Daniel", "Karen"]
EN_LAST = ["Smith", "Garcia", "Johnson", "Martinez", "Brown", "Lopez", "Wilson", "Anderson", "Taylor", "Moore"]

#: Sentences that name a person; the lower-case variants only after a cue that says a name follows.
STRONG_NAME_TEMPLATES = [
    "My name is {pii} and ICE is at my door",
    "my name is {pii}, can you help me?",
    "My son's name is {pii}. He was detained.",
    "Tên tôi là {pii}, tôi cần luật sư",
    "tôi tên {pii}. ICE đến nhà tôi",
    "Con tôi tên {pii} bị bắt hôm qua",
    "ten toi la {pii}, toi can giup",
]
CAPITALISED_NAME_TEMPLATES = [
    *STRONG_NAME_TEMPLATES,
    "Hi, I am {pii}. Can ICE enter my home?",
    "I'm {pii}, from Bell Gardens",
]
SURNAME_FIRST_TEMPLATES = ["{pii} bị ICE bắt hôm qua", "Chồng tôi là {pii}, anh ấy bị bắt", "Is {pii} allowed to stay?"]


@st.composite
def named_messages(draw: st.DrawFn) -> Message:
    """A person's name in a sentence that gives it away the way people do."""
    style = draw(st.sampled_from(["vi", "vi plain", "vi lower", "en", "en lower"]))
    if style.startswith("vi"):
        parts = [draw(st.sampled_from(VI_SURNAMES))]
        parts += draw(st.lists(st.sampled_from(VI_MIDDLES), max_size=1))
        parts.append(draw(st.sampled_from(VI_GIVEN)))
        if "plain" in style or "lower" in style:
            parts = [fold_diacritics(p) for p in parts]
    else:
        parts = [draw(st.sampled_from(EN_FIRST)), *draw(st.lists(st.sampled_from(EN_LAST), min_size=0, max_size=1))]
    name = " ".join(parts)
    if "lower" in style:
        name, templates = name.lower(), STRONG_NAME_TEMPLATES
    elif style == "vi":
        templates = CAPITALISED_NAME_TEMPLATES + SURNAME_FIRST_TEMPLATES
    else:
        templates = CAPITALISED_NAME_TEMPLATES
    return Message(Pii(f"name ({style})", name, tuple(parts)), draw(st.sampled_from(templates)))


GENERIC_TEMPLATES = [
    "{pii}",
    "Please help, {pii}, ICE is outside",
    "I was told to give {pii} to the officer. Is that safe?",
    "What happens to {pii} if I am detained?",
    "my info: {pii}",
    "Xin giúp, {pii}, ICE đang ở ngoài cửa",
    "Họ bảo tôi đưa {pii} cho cảnh sát, có sao không?",
    "Nếu tôi bị bắt thì {pii} sẽ ra sao?",
    "thông tin của tôi: {pii}",
    "khong biet {pii} co an toan khong",
]

#: Every kind the privacy model names, as (label, strategy of messages).
KINDS: dict[str, st.SearchStrategy[Message]] = {
    "phone_us": st.builds(Message, us_phones(), st.sampled_from(GENERIC_TEMPLATES)),
    "phone_vn": st.builds(Message, vn_phones(), st.sampled_from(GENERIC_TEMPLATES)),
    "email": st.builds(Message, emails(), st.sampled_from(GENERIC_TEMPLATES)),
    "url": st.builds(Message, urls(), st.sampled_from(GENERIC_TEMPLATES)),
    "username": st.builds(Message, usernames(), st.sampled_from(GENERIC_TEMPLATES)),
    "a_number": st.builds(Message, a_numbers(), st.sampled_from(GENERIC_TEMPLATES)),
    "ssn_itin": st.builds(Message, ssns(), st.sampled_from(GENERIC_TEMPLATES)),
    "card": st.builds(Message, cards(), st.sampled_from(GENERIC_TEMPLATES)),
    "address": st.builds(Message, addresses(), st.sampled_from(GENERIC_TEMPLATES)),
    "date_of_birth": st.builds(Message, birth_dates(), st.sampled_from(GENERIC_TEMPLATES)),
    "name": named_messages(),
}

#: A message with one item of each of several kinds.
any_message = st.one_of(*KINDS.values())
