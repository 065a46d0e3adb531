"""Génère les deux documents binaires du corpus de démonstration Égide.

- scenario/rapports-dr/synthese-hebdo-S13_2026-03-30.pdf (2 pages, DR), via fpdf2 ;
- scenario/rapports-s/FR-2026-027_depot-munitions-Kelmar.docx (SECRET), via python-docx.

Le texte des deux documents est contenu dans ce script. La sortie est déterministe :
métadonnées et dates fixes, et pour le .docx, horodatage fixe des entrées de l'archive ZIP.

Usage : python examples/build_binaries.py   (fpdf2 et python-docx requis)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIO = HERE / "scenario"
PDF_PATH = SCENARIO / "rapports-dr" / "synthese-hebdo-S13_2026-03-30.pdf"
DOCX_PATH = SCENARIO / "rapports-s" / "FR-2026-027_depot-munitions-Kelmar.docx"

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

ZIP_EPOCH = (2026, 3, 27, 10, 0, 0)


def typo(text: str) -> str:
    """Espaces insécables de la typographie française (avant : ; ! ? », après «)."""
    text = re.sub(r" ([:;!?»])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0")


# --------------------------------------------------------------------------- PDF (DR)

PDF_MARKING = "DIFFUSION RESTREINTE"
PDF_TITLE = "Synthèse hebdomadaire de renseignement n° 13 — semaine du 23 au 29 mars 2026"
PDF_SUBTITLE = (
    "Cellule J2 ALBÂTRE — 30 mars 2026 (301200ZMAR26) — extraits communicables à la "
    "3e brigade aldavienne."
)

# Chaque page : liste de (titre de section, paragraphes).
PDF_PAGES: list[list[tuple[str, list[str]]]] = [
    [
        ("1. Situation générale", [
            "Calme relatif le long de la Virna : aucun tir direct contre les positions "
            "aldaviennes depuis le 20 mars. La 14e brigade mécanisée korvasienne du "
            "colonel Arkadi Volnec reste articulée entre Stavec et Kelmar. Le pont de "
            "Sarvik, détruit dans la nuit du 15 au 16 mars, n'a pas été rétabli.",
        ]),
        ("2. Perte d'un drone de la force", [
            "Le 24 mars à 11 h 10 locales, un drone tactique de la force a été perdu à "
            "environ 2 km au nord-est de Dravnik (49.918, 66.634). La revendication de tir "
            "sol-air diffusée par le FLT n'est pas corroborée ; l'hypothèse d'un brouillage "
            "de la navigation et de la liaison de données est privilégiée. Les axes de vol "
            "ont été modifiés.",
        ]),
        ("3. Front de libération du Tessar (FLT)", [
            "Effectifs : 2 000 à 3 000 combattants selon l'état-major de la 3e brigade "
            "aldavienne ; ce chiffre n'a pas pu être vérifié par la force. Le chef militaire "
            "du mouvement, Teodor Kassar, a été donné pour mort hier sur les réseaux sociaux : "
            "information non confirmée, que la porte-parole Mirela Dusan n'a pas démentie.",
        ]),
        ("4. Logistique adverse", [
            "Les explosions du 17 mars au soir à Kelmar restent d'origine indéterminée. Deux "
            "sites sont cités par les sources ouvertes et par la brigade aldavienne : "
            "l'ancienne sucrerie de Kelmar et la carrière de Tornau. La brigade privilégie "
            "l'hypothèse d'un dépôt de munitions principal du FLT à la carrière de Tornau, "
            "en 42U UA 24995 14891 (49°45'40\"N 66°34'12\"E), à environ 7 km au nord-nord-est "
            "de Kelmar. Localisation non confirmée par la force.",
            "Des convois nocturnes de camions sont signalés entre Brasna et Kelmar ; "
            "composition et destination inconnues.",
        ]),
    ],
    [
        ("5. Points de franchissement de la Virna", [
            "Pont routier de Sarvik (42U UA 15612 20879) : détruit dans la nuit du 15 au "
            "16 mars, infranchissable.",
            "Pont ferroviaire de Kelmar (42U UA 17667 08579) : intact ; culée est tenue par "
            "le FLT. Travaux de nature indéterminée sur le tablier depuis le 23 mars.",
            "Gué de Lipno (42U UA 16819 24622) : impraticable tant que dure la crue ; la "
            "décrue est attendue début avril.",
        ]),
        ("6. Activité de la force", [
            "Patrouilles du GTIA ALBÂTRE sur la rive ouest (VBCI, Griffon), présence "
            "permanente au PO Faucon, batterie CAESAR en attente à Orlen. Deux escortes des "
            "observateurs de la CSC jusqu'à Sarvik.",
        ]),
        ("7. Perspectives pour la semaine 14", [
            "Pas de franchissement de la Virna attendu tant que dure la crue. Surveillance "
            "prioritaire du pont ferroviaire de Kelmar puis, après la décrue, du gué de Lipno. "
            "Des contacts diplomatiques sous l'égide de la CSC sont évoqués à Telvan.",
            "Risque principal : action limitée de la 14e brigade sur la rive est pour "
            "consolider la tête de pont de Kelmar, appuyée par le FLT à Dravnik.",
        ]),
    ],
]
PDF_SIGNATURE = "Cdt Claire Ferrand, chef de la cellule J2 ALBÂTRE"

LATIN1_MAP = {
    "\u2019": "'", "\u2018": "'", "\u0153": "oe", "\u0152": "OE", "\u00ab": '"',
    "\u00bb": '"', "\u2014": "-", "\u2013": "-", "\u202f": " ", "\u2026": "...",
}


def to_latin1(text: str) -> str:
    for src, dst in LATIN1_MAP.items():
        text = text.replace(src, dst)
    return text.encode("latin-1", "replace").decode("latin-1")


def build_pdf(path: Path) -> None:
    from fpdf import FPDF

    unicode_font = FONT_REGULAR.is_file()

    def t(text: str) -> str:
        text = typo(text)
        return text if unicode_font else to_latin1(text)

    class Report(FPDF):
        def header(self) -> None:
            self.set_font(family, "B", 9)
            self.cell(0, 6, t(PDF_MARKING), align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(family, "B", 9)
            self.cell(0, 5, t(PDF_MARKING), align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_font(family, "", 8)
            self.cell(0, 5, f"Page {self.page_no()}/{{nb}}", align="C")

    pdf = Report(format="A4")
    if unicode_font:
        family = "DejaVu"
        pdf.add_font(family, "", str(FONT_REGULAR))
        pdf.add_font(family, "B", str(FONT_BOLD if FONT_BOLD.is_file() else FONT_REGULAR))
    else:
        family = "Helvetica"
    pdf.set_margins(20, 15, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_creation_date(dt.datetime(2026, 3, 30, 12, 0, 0, tzinfo=dt.UTC))
    pdf.set_title(t(PDF_TITLE))
    pdf.set_author("Cellule J2 ALBÂTRE" if unicode_font else "Cellule J2 ALBATRE")
    pdf.set_subject(t("Synthèse hebdomadaire — DIFFUSION RESTREINTE"))
    pdf.set_creator("build_binaries.py")
    pdf.set_producer("fpdf2")

    for page_index, sections in enumerate(PDF_PAGES):
        pdf.add_page()
        if page_index == 0:
            pdf.set_font(family, "B", 13)
            pdf.multi_cell(0, 7, t(PDF_TITLE), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
            pdf.set_font(family, "", 9)
            pdf.multi_cell(0, 5, t(PDF_SUBTITLE), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        for heading, paragraphs in sections:
            pdf.set_font(family, "B", 11)
            pdf.multi_cell(0, 6, t(heading), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, "", 10)
            for para in paragraphs:
                pdf.multi_cell(0, 5.2, t(para), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1.5)
            pdf.ln(2)
    pdf.ln(4)
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 5.2, t(PDF_SIGNATURE), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


# --------------------------------------------------------------------------- DOCX (SECRET)

DOCX_MARKING = "SECRET"
DOCX_TITLE = (
    "Fiche de renseignement n° 2026-027 — Dépôt de munitions de l'ancienne sucrerie de Kelmar"
)
DOCX_BODY: list[tuple[str | None, str]] = [
    (None, "Émetteur : cellule J2 ALBÂTRE (cdt Claire Ferrand). Date : 27 mars 2026, "
           "DTG 271000ZMAR26. Destinataires : COMANFOR ALBÂTRE, CPCO, DRM. Sources : ROIM "
           "(imagerie satellitaire DRM des 18, 22 et 26 mars, drone SDT), ROEM, ROHUM. "
           "Cotation d'ensemble : A2."),
    ("1. Localisation", "Le principal dépôt de munitions alimentant le FLT et les unités "
     "korvasiennes de la rive est se trouve dans l'ancienne sucrerie de Kelmar, à la sortie "
     "est de la ville, en 42U UA 22766 10212 (49.7183, 66.5412 ; 49°43'06\"N 66°32'28\"E). "
     "L'emprise, d'environ 400 m sur 250 m, comprend trois entrepôts en dur, un parc à "
     "camions et un embranchement ferroviaire désaffecté. Le PC avancé du colonel Arkadi "
     "Volnec (ancienne école de Kelmar) se trouve à 1,6 km à l'ouest-sud-ouest."),
    ("2. Nature et volume des stocks", "Obus de 152 mm et de 122 mm, roquettes de 122 mm "
     "pour lance-roquettes multiples, munitions de mortier, mines antichar. Volume estimé "
     "à 300 tonnes au 26 mars, en hausse depuis le début du mois. Ce stock permettrait "
     "d'appuyer les automoteurs de 152 mm de la 14e brigade mécanisée korvasienne "
     "pendant plusieurs jours de tirs soutenus."),
    ("3. Approvisionnement", "Convois routiers depuis le poste-frontière de Brasna par la "
     "route R7 puis la R12, environ toutes les 48 heures, de nuit : 8 à 10 camions escortés "
     "par 2 véhicules blindés, protection rapprochée assurée par des personnels du Varkan "
     "Group. Dernier convoi observé : nuit du 24 au 25 mars, 9 camions. Aucun "
     "acheminement par voie ferrée n'a été constaté."),
    ("4. Explosions du 17 mars", "Les explosions entendues le 17 mars au soir résultent d'un "
     "accident survenu lors d'un déchargement. L'imagerie du 18 mars montre un entrepôt "
     "détruit et une zone brûlée d'environ 40 m de diamètre. Aucune frappe aldavienne ni "
     "française n'est en cause. Le dépôt a repris son activité dès le 19 mars."),
    ("5. Carrière de Tornau", "La carrière de Tornau (42U UA 24995 14891), présentée par "
     "la presse et par la 3e brigade aldavienne comme le dépôt principal, n'a servi que de "
     "stockage secondaire ; elle a été vidée le 20 mars. Des véhicules hors d'usage et des "
     "traces de passage entretenues en font désormais un leurre."),
    ("6. Protection du site", "Deux systèmes sol-air de courte portée, une section de "
     "mortiers et environ 60 combattants du FLT et du Varkan Group. Le dépôt se trouve à "
     "environ 5 km du pont ferroviaire de Kelmar et dans la zone couverte par le brouillage "
     "korvasien."),
    ("7. Appréciation", "Le dépôt de la sucrerie est le point névralgique du soutien "
     "logistique korvasien sur la rive est. Une augmentation brutale des prélèvements ou un "
     "transfert de munitions vers le nord, en direction du bois de Resna et du gué de "
     "Lipno, constituerait un indice d'imminence d'un franchissement de la Virna. Le "
     "partage de la correction relative à la carrière de Tornau avec la 3e brigade "
     "aldavienne est soumis à la décision du COMANFOR."),
]


def _normalise_zip(data: bytes) -> bytes:
    """Réécrit l'archive avec des horodatages fixes pour une sortie reproductible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    marking = doc.add_paragraph()
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.add_run(DOCX_MARKING).bold = True
    doc.add_heading(typo(DOCX_TITLE), level=1)
    for heading, text in DOCX_BODY:
        if heading:
            doc.add_heading(typo(heading), level=2)
        doc.add_paragraph(typo(text))
    closing = doc.add_paragraph()
    closing.alignment = WD_ALIGN_PARAGRAPH.CENTER
    closing.add_run(DOCX_MARKING).bold = True

    stamp = dt.datetime(2026, 3, 27, 10, 0, 0)
    props = doc.core_properties
    props.title = typo(DOCX_TITLE)
    props.author = "Cellule J2 ALBÂTRE"
    props.last_modified_by = "Cellule J2 ALBÂTRE"
    props.subject = "Dépôt de munitions de Kelmar"
    props.keywords = "SECRET; Kelmar; dépôt de munitions; FLT; 14e brigade mécanisée"
    props.category = DOCX_MARKING
    props.comments = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp

    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_normalise_zip(buffer.getvalue()))


def main() -> None:
    PDF_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOCX_PATH.parent.mkdir(parents=True, exist_ok=True)
    build_pdf(PDF_PATH)
    build_docx(DOCX_PATH)
    print(f"écrit : {PDF_PATH.relative_to(HERE)}")
    print(f"écrit : {DOCX_PATH.relative_to(HERE)}")


if __name__ == "__main__":
    main()
