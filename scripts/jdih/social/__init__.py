"""SOP step 6a: the post uploaded to the office's own social-media accounts, exactly once each.

One module per provider (`facebook`, `instagram`, `telegram`, `x`), each over `base.Http`;
`service` ties them to the ledger like `notify.service` does for the WhatsApp notice.
"""
