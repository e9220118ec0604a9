"""Exports of a view (PowerPoint, PDF, pictures, CSV, XLSX, JSON) and the jobs the page runs them in."""
