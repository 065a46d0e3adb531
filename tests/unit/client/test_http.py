from __future__ import annotations

import io
from email.parser import BytesParser
from email.policy import HTTP

from egide.client.http import _multipart, _query


def test_query_parameters_as_the_service_reads_them() -> None:
    assert _query({"q": "pont de Sarvik", "limit": 5, "all_passages": True, "x": None}) == (
        "q=pont+de+Sarvik&limit=5&all_passages=true"
    )
    assert _query({"wait": False}) == "wait=false"


def test_a_multipart_form_reads_back_field_by_field_and_file_by_file() -> None:
    files = [
        ("files", ('rapport "final"\r\n.txt', io.BytesIO(b"SITREP 1\x00\xff"))),
        ("files", ("étape\\2.md", io.BytesIO(b"# titre"))),
    ]
    body, kind = _multipart(files, {"label": "DR", "source": "presse locale"})
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body
    )
    parts = list(message.iter_parts())
    assert [p.get_param("name", header="content-disposition") for p in parts] == [
        "label", "source", "files", "files"
    ]
    assert parts[0].get_payload(decode=True) == b"DR"
    assert parts[1].get_payload(decode=True) == b"presse locale"
    assert parts[2].get_payload(decode=True) == b"SITREP 1\x00\xff"
    assert parts[3].get_payload(decode=True) == b"# titre"
    # a file name cannot break out of its header: quotes and line breaks are encoded
    first = parts[2]["content-disposition"]
    assert "\r" not in first and "\n" not in first and '%22final%22%0D%0A.txt' in first
