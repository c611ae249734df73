from articles.richtext import sanitize_bio, sanitize_body


def test_body_keeps_what_a_news_body_needs():
    html = (
        "<h2>عنوان فرعي</h2><p><strong>غامق</strong> <em>مائل</em> "
        '<a href="https://un.org/">رابط</a></p><blockquote><p>اقتباس</p></blockquote>'
        "<ul><li>أ</li></ul><ol><li>ب</li></ol>"
    )
    cleaned = sanitize_body(html)
    for tag in ("<h2>", "<strong>", "<em>", "<blockquote>", "<ul>", "<ol>", "<li>"):
        assert tag in cleaned
    assert 'href="https://un.org/"' in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_body_drops_scripts_handlers_and_dangerous_urls():
    cleaned = sanitize_body(
        '<p onclick="alert(1)">نص<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        '<iframe src="https://evil.example"></iframe><h1>big</h1><p style="color:red">s</p>'
    )
    assert "script" not in cleaned
    assert "onclick" not in cleaned
    assert "onerror" not in cleaned
    assert "javascript:" not in cleaned
    assert "<img" not in cleaned
    assert "<iframe" not in cleaned
    assert "<h1>" not in cleaned
    assert "style" not in cleaned
    assert "نص" in cleaned


def test_nul_bytes_and_control_characters_are_removed():
    assert sanitize_body("<p>a\x00b\x07c</p>") == "<p>abc</p>"


def test_empty_editor_output_is_empty():
    assert sanitize_body("<p></p>") == ""
    assert sanitize_bio("  ") == ""


def test_bio_allows_no_headings_or_lists():
    cleaned = sanitize_bio("<h2>x</h2><ul><li>y</li></ul><p><em>z</em></p>")
    assert "<h2>" not in cleaned
    assert "<ul>" not in cleaned
    assert "<em>z</em>" in cleaned
