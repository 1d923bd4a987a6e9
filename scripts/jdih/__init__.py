"""JDIH social-content publisher: the SOP of KPU Kabupaten Kapuas on git, GitHub and MkDocs.

The commands and every message an office user reads are Indonesian, after the SOP; the code
is English. Glossary (term: meaning — command — module); the package map, the boundaries
and the design notes are in scripts/README.md.

    disposisi     the Kasubbag's order, an issue (step 1) — jdih disposisi — jdih.sop.disposisi
    konsep/draf   a draft in drafts/, on a branch (steps 2-3) — jdih mulai, jdih ajukan — jdih.sop.draft
    sunting       the staff's pull-request review (step 4), labelled by jdih peristiwa — jdih.sop.review
    persetujuan   the Kasubbag's approval (step 5), checked again by jdih terbitkan — jdih.sop.approval
    terbitkan     publish: promote into content/posts/ (step 6) — jdih terbitkan — jdih.sop.publish
    unggah        upload to the office's own social accounts (step 6a) — jdih unggah — jdih.social.service
    kabari        tell the office WhatsApp group, with the upload links (6b) — jdih kabari — jdih.notify.service
    catat         record the publication on the pull request — jdih catat, jdih daftar-kabar — jdih.sop.record
    periksa       check drafts and posts — jdih periksa — jdih.sop.check
    pratinjau     the draft preview — jdih pratinjau — jdih.sop.preview
    peristiwa     a GitHub event: step labels, review requests — jdih peristiwa — jdih.sop.review
    siapkan       set up the GitHub repository — jdih siapkan — jdih.office.repo_setup
    agenda        the buku agenda, the register of posts — jdih agenda — jdih.reporting.register
    laporan       the SOP report against standard times — jdih laporan — jdih.reporting.report
    status        the board of open drafts — jdih status — jdih.sop.status
    kantor-baru   a ready repository for another office — jdih kantor-baru — jdih.office.new_office
    demo/gladi    the rehearsal of the whole SOP — jdih demo — jdih.dev.rehearsal
    takarir/tagar the caption and its hashtags, checked by jdih periksa — jdih.content.social_text
    Kasubbag, staf, pengelola   the roles: approver, editors, JDIH operator — jdih.content.settings
"""

__version__ = "0.1.0"
