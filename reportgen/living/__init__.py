"""The living report: update, check and convert an edited report.docx through the bookmarks of its generated parts."""
