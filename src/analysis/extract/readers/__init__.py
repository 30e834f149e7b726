"""Readers turn a source file into the common `Row` sequence (see analysis.model)."""

# The engines that read a PDF's ruled tables (readers/pdf.py), named here so that choosing one
# does not load the PDF stack, a third of a command's start.
PDF_ENGINES = ("camelot", "pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"
