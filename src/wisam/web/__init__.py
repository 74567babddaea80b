"""The bilingual, accessible shell: layout, home pages per role, language switching and public pages."""
