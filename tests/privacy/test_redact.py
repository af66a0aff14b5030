"""Redaction, by example: each pattern finds what it should, and leaves the words staff need to read."""

from __future__ import annotations

import pytest

from bot.privacy import Kind, Redactor, redact

FOUND = [
    # phone numbers (phonenumbers, US and VN)
    ("Call me at (323) 555-0187 please", "Call me at <PHONE> please"),
    ("số em 0912 345 678 nhé", "số em <PHONE> nhé"),
    ("so dt +84 912 345 678", "so dt <PHONE>"),
    ("gọi 028 3822 1234 giờ hành chính", "gọi <PHONE> giờ hành chính"),
    ("text 323.555.0187", "text <PHONE>"),
    # e-mail, URL, Telegram username
    ("email lan.nguyen85@gmail.com ok", "email <EMAIL> ok"),
    ("xem facebook.com/lan.nguyen.85 giùm", "xem <URL> giùm"),
    ("see https://example.org/a?b=1 and www.foo.vn", "see <URL> and <URL>"),
    ("nhắn @lan_nguyen85 nha", "nhắn <USERNAME> nha"),
    # immigration and tax numbers, cards
    ("my A-number is A123456789", "my A-number is <A_NUMBER>"),
    ("A# 123-456-789 on the notice", "<A_NUMBER> on the notice"),
    ("số A của tôi là 12345678", "số A của tôi là <A_NUMBER>"),
    ("SSN 123-45-6789", "SSN <SSN>"),
    ("số an sinh xã hội của tôi là 123 45 6789", "số an sinh xã hội của tôi là <SSN>"),
    ("my ITIN is 912701234", "my ITIN is <SSN>"),
    ("card 4111 1111 1111 1111 was charged", "card <CARD> was charged"),
    ("thẻ 378282246310005", "thẻ <CARD>"),
    # dates
    ("born 03/15/1985", "born <DATE>"),
    ("DOB: March 15, 1985", "DOB: <DATE>"),
    ("sinh ngày 15 tháng 3 năm 1985", "sinh <DATE>"),
    ("ngay 5/3/1990 toi qua My", "<DATE> toi qua My"),
    ("tôi sinh năm 1985", "tôi sinh năm <DATE>"),
    ("born in 1979 in Saigon", "born in <DATE> in Saigon"),
    # addresses
    ("I live at 6550 Miles Ave, Huntington Park, CA 90255", "I live at <ADDRESS>"),
    ("ICE came to 4321 E Florence Blvd Apt 5 yesterday", "ICE came to <ADDRESS> yesterday"),
    ("địa chỉ nhà tôi là 123 đường Lê Lợi, quận 3. Cần giúp", "địa chỉ nhà tôi là <ADDRESS>. Cần giúp"),
    ("nhà tôi ở số 12/3 hẻm Nguyễn Trãi", "nhà tôi ở <ADDRESS>"),
    ("P.O. Box 1234", "<ADDRESS>"),
    ("zip code 90255", "zip code <ADDRESS>"),
    # names
    ("Tên tôi là Nguyễn Thị Lan, tôi cần luật sư", "Tên tôi là <NAME>, tôi cần luật sư"),
    ("ten toi la tran van hung toi can giup", "ten toi la <NAME> toi can giup"),
    ("tên tôi là minh", "tên tôi là <NAME>"),
    ("con tôi tên Bảo bị bắt", "con tôi tên <NAME> bị bắt"),
    ("My name is John Smith and ICE is at my door", "My name is <NAME> and ICE is at my door"),
    ("my name is maria de la cruz i need a lawyer", "my name is <NAME> i need a lawyer"),
    ("my husband's name is Kevin", "my husband's name is <NAME>"),
    ("I'm Lan Pham from Bell", "I'm <NAME> from Bell"),
    ("Nguyen Van An was detained", "<NAME> was detained"),
    ("chồng tôi, anh Tuấn, bị bắt", "chồng tôi, anh <NAME>, bị bắt"),
    ("Mrs. Garcia next door", "Mrs. <NAME> next door"),
    # anything else with six or more digits
    ("receipt IOE0912345678", "receipt <NUMBER>"),
    ("case EAC2490123456 pending", "case <NUMBER> pending"),
    ("license D1234567", "license <NUMBER>"),
]

KEPT = [
    "Tôi đến Hoa Kỳ năm 1994",
    "I came before 1995, can I get a green card?",
    "tôi đến từ Hà Nội",
    "I'm Vietnamese and I am scared",
    "I have 2 court dates in LA",
    "tôi có thẻ xanh từ 12/2015",
    "I paid $1,500 to a notario",
    "tôi trả 1.500.000 đồng",
    "from 1995-2000 I lived in Texas",
    "can ICE enter my house without a warrant?",
    "Huntington Park có phải thành phố trú ẩn không",
    "Does Medi-Cal share my information with ICE?",
    "form I-130 and I-485",
    "học sinh năm 2024 có được đi học không",
    "ICE came to my house at 5pm",
    "tôi nói tiếng Anh không giỏi",
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_personal_data_is_replaced_by_its_kind(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_what_staff_need_to_read_is_kept(text: str) -> None:
    assert redact(text) == text


def test_counts_say_what_was_found_without_the_text() -> None:
    redaction = Redactor().redact("I'm Lan, call (323) 555-0187 or 0912 345 678, lan@x.com")
    assert redaction.counts == {Kind.NAME: 1, Kind.PHONE: 2, Kind.EMAIL: 1}


def test_decomposed_vietnamese_is_normalised_before_matching() -> None:
    decomposed = "Te\u0302n to\u0302i la\u0300 Nguye\u0302\u0303n Thi\u0323 Lan"
    assert redact(decomposed) == "Tên tôi là <NAME>"
