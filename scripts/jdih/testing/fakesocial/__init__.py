"""Stand-ins for the social-media APIs of SOP step 6a, real HTTP servers on 127.0.0.1.

- `server`: what they share (`StandIn`, `MediaHost` for the deployed site's images, `fetch`).
- `graph`: Meta's Graph API (Facebook Page photos and posts, Instagram content publishing).
"""
