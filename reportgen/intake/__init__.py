"""Ward intake: workbooks for the wards to fill in (``reportgen intake``) and reading them back (``reportgen import``)."""
