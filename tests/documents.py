"""Write blocks as the files users hand over: PDF (reportlab), DOCX (python-docx), HTML.

The tests build their own small files from known blocks, so that what a
reader gives back can be compared with what was written.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from aligner.document import Block

RUNNING_HEADER = "Public Safety Act — S.C. 2005, c. 10"

# A short communiqué in both languages, written for the tests: headings,
# paragraphs (one long enough to wrap), a lead-in and list items, a dateline.
ENGLISH = [
    Block("head", "Joint communiqué", ""),
    Block("p", "We, the Homeland Security, Public Safety and Immigration Ministers of Australia, Canada, "
               "New Zealand, the United Kingdom and the United States, met in Ottawa on 26 and 27 June 2017.", ""),
    Block("head", "Countering violent extremism", ""),
    Block("p", "The safety and security of our citizens is our first priority. We agreed to:", ""),
    Block("item", "share approaches to counter online terrorist propaganda;", ""),
    Block("item", "promote research on the drivers of violent extremism.", ""),
    Block("head", "Cyber threats", ""),
    Block("p", "Ministers discussed the WannaCry ransomware attack and the threats to critical infrastructure.", ""),
    Block("p", "Ottawa, June 27, 2017", ""),
]
FRENCH = [
    Block("head", "Communiqué conjoint", ""),
    Block("p", "Nous, les ministres de la Sécurité publique, nous sommes réunis à Ottawa les 26 et 27 juin 2017.", ""),
    Block("head", "Lutter contre l’extrémisme violent", ""),
    Block("p", "La sécurité de nos citoyens est notre priorité absolue. Nous avons convenu de ce qui suit :", ""),
    Block("item", "des approches communes contre la propagande terroriste en ligne;", ""),
    Block("item", "promouvoir la recherche sur les causes de l’extrémisme violent.", ""),
    Block("p", "Ottawa, le 27 juin 2017", ""),
]


def write_pdf(blocks: list[Block], path: Path, *, running_header: str = RUNNING_HEADER) -> Path:
    """A PDF laid out by reportlab: headings in bold, list items after a dash, and on every
    page a running header and a page number, as printed documents have.

    The dash stands in for a bullet because reportlab writes its bullet glyph
    without a Unicode mapping, which no extractor can read back.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], spaceAfter=8)
    item = ParagraphStyle("item", parent=body, leftIndent=18, firstLineIndent=-12)
    style = {"head": styles["Heading3"], "p": body, "item": item}

    def furniture(canvas, document) -> None:  # a reportlab callback
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, running_header)
        canvas.drawCentredString(A4[0] / 2, 30, str(document.page))
        canvas.restoreState()

    story = [
        Paragraph(("– " if block.kind == "item" else "") + escape(block.text), style[block.kind])
        for block in blocks
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path


def write_docx(blocks: list[Block], path: Path) -> Path:
    """A Word document: Heading 2 for headings, List Bullet for items, Normal paragraphs."""
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind == "head":
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text, style="List Bullet" if block.kind == "item" else None)
    document.save(str(path))
    return path


def gc_page(blocks: list[Block], *, lang: str = "en", title: str = "Page") -> str:
    """An HTML page in the shape of a Government of Canada page (Web Experience Toolkit):
    header with a language toggle, navigation, breadcrumbs, ``<main>`` holding the
    content and a "Date modified" box, and a footer."""
    modified = "Date modified:" if lang == "en" else "Date de modification :"
    content = []
    open_list = False
    for index, block in enumerate(blocks):
        if block.kind == "item" and not open_list:
            content.append("<ul>")
            open_list = True
        elif block.kind != "item" and open_list:
            content.append("</ul>")
            open_list = False
        tag = {"head": "h1" if index == 0 else "h2", "p": "p", "item": "li"}[block.kind]
        content.append(f"<{tag}>{escape(block.text)}</{tag}>")
    if open_list:
        content.append("</ul>")
    body = "\n".join(content)
    return f"""<!DOCTYPE html>
<html class="no-js" lang="{lang}" dir="ltr">
<head><meta charset="utf-8"><title>{escape(title)} - Public Safety Canada</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body vocab="http://schema.org/" typeof="WebPage">
<ul id="wb-tphp"><li><a href="#wb-cont">Skip to main content</a></li>\
<li><a href="#wb-info">Skip to "About this site"</a></li></ul>
<header role="banner"><div id="wb-bnr" class="container">
<section id="wb-lng"><h2>Language selection</h2>\
<ul><li><a lang="fr" href="index-fr.aspx">Français</a></li></ul></section>
<div class="brand"><a href="https://www.canada.ca/en.html">\
<img src="sig-blk-en.svg" alt="Government of Canada"></a></div>
<section id="wb-srch"><h2>Search</h2><form action="https://www.canada.ca/en/sr/srb.html" method="get">\
<input id="wb-srch-q" name="q" type="search"><button type="submit">Search</button></form></section>
</div>
<nav role="navigation" id="wb-sm"><h2>Topics menu</h2><ul class="list-inline menu">
<li><a href="/cnt/ntnl-scrt/index-en.aspx">National Security</a></li>
<li><a href="/cnt/brdr-strtgs/index-en.aspx">Border Strategies</a></li>
<li><a href="/cnt/cntrng-crm/index-en.aspx">Countering Crime</a></li>
<li><a href="/cnt/mrgnc-mngmnt/index-en.aspx">Emergency Management</a></li>
<li><a href="/cnt/rsrcs/index-en.aspx">Resources</a></li></ul></nav>
<nav role="navigation" id="wb-bc" property="breadcrumb"><h2>You are here:</h2><ol class="breadcrumb">
<li><a href="/index-en.aspx">Home</a></li><li><a href="/cnt/rsrcs/index-en.aspx">Resources</a></li>
<li><a href="/cnt/rsrcs/pblctns/index-en.aspx">Publications and Reports</a></li></ol></nav>
</header>
<main role="main" property="mainContentOfPage" class="container">
{body}
<div class="pagedetails"><div class="row"><div class="col-sm-6 col-md-5 col-lg-4">
<button class="btn btn-default btn-block">Report a problem or mistake on this page</button></div></div>
<dl id="wb-dtmd"><dt>{modified}</dt><dd><time property="dateModified">2018-01-31</time></dd></dl></div>
</main>
<footer role="contentinfo" id="wb-info">
<nav role="navigation" class="container"><h2>About this site</h2><ul>
<li><a href="/cnt/bt/cntct-en.aspx">Contact us</a></li><li><a href="/cnt/bt/index-en.aspx">About us</a></li>
<li><a href="/cnt/ntcs/trms-cndtns-en.aspx">Terms and conditions</a></li>\
<li><a href="/cnt/ntcs/prvc-en.aspx">Privacy</a></li></ul>
<p>{modified} 2018-01-31</p></nav>
<div class="brand"><img src="wmms-blk.svg" alt="Symbol of the Government of Canada"></div>
</footer>
</body>
</html>
"""
