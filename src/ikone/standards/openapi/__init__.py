"""OpenAPI 3.x documents: parsing with line numbers, validation, and breaking-change detection.

Pure modules without the ORM: `document` parses and validates, `diff` compares two documents.
"""
