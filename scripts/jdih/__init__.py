"""JDIH social-content publisher: the SOP of KPU Kabupaten Kapuas on git, GitHub and MkDocs."""

__version__ = "0.1.0"
