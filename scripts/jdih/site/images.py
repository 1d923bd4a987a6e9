"""Post images for the public site: responsive WebP variants, a JPEG fallback, the og:image.

Work is keyed by the source's content hash and kept in a cache directory (CI keeps it
between builds), so an image is processed once however many posts, files or builds use
it. Outputs carry no metadata (EXIF/GPS, XMP, comments): staff photos often hold the
location where they were taken.

Before any pixel is decoded, a source passes `jdih.content.media`'s limits, the very ones
`jdih periksa` applies: its size by `os.stat`, then its header (JPEG, PNG, WebP or GIF only —
Pillow is asked to try no other decoder — and at most 40 megapixels). Every failure is an
`ImageError` carrying what is wrong and the fix, which the page stage reports with the post.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import tempfile
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from jdih.content import media
from jdih.content.files import MediaError

# Bump when outputs change (sizes, qualities, encoders) so old manifests are redone.
# 2: only JPEG/PNG/WebP/GIF up to 40 megapixels (a version-1 manifest may come from a BMP or a TIFF).
PIPELINE_VERSION = 2

VARIANT_WIDTHS = (320, 640, 960, 1280)
OG_SIZE = (1200, 630)
OG_MAX_BYTES = 300 * 1000  # "under 300 KB" read strictly (1 KB = 1000 bytes)
OG_QUALITIES = (85, 78, 70, 62, 54, 46, 38, 30, 22, 15)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
MEDIA_DIR = "media"
NAME_DIGEST_CHARS = 16


class ImageError(Exception):
    """An image a post names cannot be used; the message is for office users (Indonesian):
    `what` is wrong and the `fix`, as in every `file:line: key: what — fix` problem."""

    def __init__(self, source: Path | str, what: str, fix: str):
        super().__init__(f"{source}: {what} — {fix}")
        self.source, self.what, self.fix = source, what, fix

    @classmethod
    def of(cls, source: Path, error: MediaError) -> ImageError:
        return cls(source, error.what, error.fix)


@dataclass(frozen=True)
class Rendition:
    url: str  # site-relative, e.g. "media/3f2a9c0e1b2d4c5f-640.webp" (no leading slash)
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class ProcessedImage:
    digest: str  # sha256 hex of the source bytes
    width: int  # source size, after EXIF orientation
    height: int
    variants: tuple[Rendition, ...]  # WebP, ascending width
    fallback: Rendition  # JPEG for old browsers and feeds
    og: Rendition  # 1200x630 JPEG under 300 KB
    placeholder_color: str  # "#rrggbb", shown while the lazy image loads

    def renditions(self) -> tuple[Rendition, ...]:
        return (*self.variants, self.fallback, self.og)


def srcset(image: ProcessedImage) -> str:
    """The `srcset` value for the WebP variants (relative URLs; the caller adds its prefix)."""
    return ", ".join(f"{v.url} {v.width}w" for v in image.variants)


class ImageCache:
    """Processes images into `cache_dir` once per distinct content and publishes them."""

    def __init__(self, cache_dir: Path):
        self.cache_dir = Path(cache_dir)
        # In-process memos: a build asks for the same few images thousands of times.
        self._by_stat: dict[tuple[str, int, int, int], ProcessedImage] = {}
        self._by_digest: dict[str, ProcessedImage] = {}
        # (site_dir, digest) -> (og path, og size): publishing the same image again for
        # another post costs one stat instead of two per rendition.
        self._published: dict[tuple[str, str], tuple[str, int]] = {}

    # -- processing ---------------------------------------------------------------------

    def process(self, source: Path, name: str | None = None) -> ProcessedImage:
        """The renditions of `source` (`name`: how the post names it, for messages; default the
        file's name). The limits come first: size (stat), then header, then decoding."""
        source = Path(source)
        name = name or source.name
        try:
            st = source.stat()
        except FileNotFoundError:
            raise ImageError(source, f"berkas gambar '{name}' tidak ditemukan",
                             "periksa nama dan letak berkas gambar") from None
        except OSError as exc:
            raise ImageError.of(source, media.unreadable(name)) from exc
        stat_key = (str(source.absolute()), st.st_size, st.st_mtime_ns, st.st_ino)
        if (hit := self._by_stat.get(stat_key)) is not None:
            return hit
        try:
            media.check_size(st.st_size, name)  # before a byte is read
        except MediaError as exc:
            raise ImageError.of(source, exc) from None
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ImageError.of(source, media.unreadable(name)) from exc
        digest = hashlib.sha256(data).hexdigest()
        image = self._by_digest.get(digest) or self._load_manifest(digest)
        if image is None:
            image = self._render(source, data, digest, name)
            self._write_manifest(image)
        elif image.width * image.height > media.IMAGE_MAX_PIXELS:  # made when the limit was higher
            raise ImageError(source, f"ukuran piksel gambar '{name}' terlalu besar ({image.width} × "
                                     f"{image.height} piksel), maksimal {media.IMAGE_MAX_PIXELS // 1_000_000} "
                                     "megapiksel", "perkecil gambar, mis. lebar 2000 px")
        self._by_digest[digest] = image
        self._by_stat[stat_key] = image
        return image

    def _manifest_path(self, digest: str) -> Path:
        return self.cache_dir / "manifests" / f"{digest}.json"

    def _load_manifest(self, digest: str) -> ProcessedImage | None:
        """The cached result, or None when missing, stale or incomplete (then it is redone)."""
        try:
            raw = json.loads(self._manifest_path(digest).read_text(encoding="utf-8"))
            if raw.get("version") != PIPELINE_VERSION or raw.get("digest") != digest:
                return None
            image = ProcessedImage(
                digest=raw["digest"],
                width=raw["width"],
                height=raw["height"],
                variants=tuple(Rendition(**v) for v in raw["variants"]),
                fallback=Rendition(**raw["fallback"]),
                og=Rendition(**raw["og"]),
                placeholder_color=raw["placeholder_color"],
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not all((self.cache_dir / r.url).is_file() for r in image.renditions()):
            return None
        return image

    def _write_manifest(self, image: ProcessedImage) -> None:
        payload: dict[str, Any] = {"version": PIPELINE_VERSION, **asdict(image)}
        text = json.dumps(payload, indent=1, sort_keys=True)
        atomic_write(self._manifest_path(image.digest), text.encode("utf-8"))

    def _render(self, source: Path, data: bytes, digest: str, name: str) -> ProcessedImage:
        im, (width, height) = _open(source, data, name)
        stem = f"{MEDIA_DIR}/{digest[:NAME_DIGEST_CHARS]}"

        # A source narrower than the smallest width gets one variant at its own width.
        widths = [w for w in VARIANT_WIDTHS if w <= width] or [width]
        base = im
        variants = []
        for w in reversed(widths):  # largest first; each smaller one is made from the last
            base = _resize(base, (w, max(1, round(height * w / width))))
            variants.append(self._save(base, f"{stem}-{w}.webp", "WEBP", quality=WEBP_QUALITY, method=4))
            if len(variants) == 1:
                largest = base
        variants.reverse()

        fallback = self._save(
            _flatten(largest), f"{stem}-{largest.width}.jpg", "JPEG",
            quality=JPEG_QUALITY, optimize=True, progressive=True,
        )
        og_img = _flatten(ImageOps.fit(im, OG_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.5)))
        og = self._save_under(og_img, f"{stem}-og.jpg", OG_MAX_BYTES)
        return ProcessedImage(
            digest=digest,
            width=width,
            height=height,
            variants=tuple(variants),
            fallback=fallback,
            og=og,
            placeholder_color=_average_color(_flatten(base)),
        )

    def _save(self, im: Image.Image, url: str, fmt: str, **options: Any) -> Rendition:
        buf = io.BytesIO()
        im.save(buf, fmt, **options)
        atomic_write(self.cache_dir / url, buf.getvalue())
        return Rendition(url=url, width=im.width, height=im.height, mime=Image.MIME[fmt])

    def _save_under(self, im: Image.Image, url: str, max_bytes: int) -> Rendition:
        """Save a JPEG at the highest quality in OG_QUALITIES that stays under `max_bytes`."""
        for quality in OG_QUALITIES:
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
            if buf.tell() < max_bytes:
                break
        else:  # pragma: no cover - 1200x630 at quality 15 is far below 300 KB even for noise
            raise ImageError(url, f"gambar pratinjau tautan tidak dapat dibuat di bawah {max_bytes // 1000} KB",
                             "gunakan gambar lain")
        atomic_write(self.cache_dir / url, buf.getvalue())
        return Rendition(url=url, width=im.width, height=im.height, mime="image/jpeg")

    # -- publishing ---------------------------------------------------------------------

    def publish(self, image: ProcessedImage, site_dir: Path) -> None:
        """Put every rendition at `site_dir/<url>`: a hard link when possible, else a copy.
        Files already there with the same size are left alone."""
        key = (os.path.abspath(site_dir), image.digest)
        if (seen := self._published.get(key)) is not None:
            try:
                if os.stat(seen[0]).st_size == seen[1]:
                    return
            except FileNotFoundError:  # the site folder was cleaned (e.g. a rebuild)
                pass
        self.publish_files([rendition.url for rendition in image.renditions()], site_dir)
        og = os.path.join(key[0], image.og.url)
        self._published[key] = (og, os.stat(og).st_size)

    def publish_files(self, urls: list[str], site_dir: Path) -> None:
        """Put each cache file `url` (e.g. a social-media card of jdih.site.cards) at `site_dir/<url>`:
        a hard link when possible, else a copy; one already there with the same size is left alone."""
        for url in urls:
            src = self.cache_dir / url
            dst = Path(site_dir) / url
            try:
                size = src.stat().st_size
            except FileNotFoundError:
                raise ImageError(url, f"berkas olahan gambar hilang dari cache {self.cache_dir}",
                                 "bangun ulang situs agar gambar diolah kembali.") from None
            try:
                if dst.stat().st_size == size:
                    continue
            except FileNotFoundError:
                pass
            dst.parent.mkdir(parents=True, exist_ok=True)
            tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
            try:
                os.link(src, tmp)
            except OSError:  # another filesystem, or links not allowed
                shutil.copyfile(src, tmp)
            os.replace(tmp, dst)


# -- helpers ------------------------------------------------------------------------------


def _open(source: Path, data: bytes, name: str) -> tuple[Image.Image, tuple[int, int]]:
    """Decode, apply EXIF orientation, convert to sRGB RGB/RGBA, and drop all metadata.

    The header is read first (`media.open_image`: the accepted formats, the pixel limit), so a
    decompression bomb is refused before it is decoded. Returns the image (possibly decoded at
    a reduced size) and the source's displayed size."""
    try:
        im = media.open_image(io.BytesIO(data), name)
    except MediaError as exc:
        raise ImageError.of(source, exc) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # counted by media.open_image
            size = _displayed_size(im)
            _draft_for_outputs(im, size)
            im.load()
            icc = im.info.get("icc_profile")
            im = ImageOps.exif_transpose(im)
            im = _to_srgb(im, icc) if icc else _to_rgb(im)
    except Exception as exc:  # noqa: BLE001 - damaged data makes decoders raise anything: a message, no traceback
        raise ImageError.of(source, media.unreadable(name)) from exc
    im.info = {}  # no EXIF (GPS), XMP, comments or profiles reach the site
    return im, size


def decode(source: Path, data: bytes, name: str) -> Image.Image:
    """`data` (the bytes of `source`) decoded by the same limits and into the same sRGB, metadata-free
    pixels as the renditions: for the social-media cards (jdih.site.cards)."""
    return _open(source, data, name)[0]


def flatten(im: Image.Image) -> Image.Image:
    """The image on white where it is transparent (JPEG has no transparency)."""
    return _flatten(im)


def _displayed_size(im: Image.Image) -> tuple[int, int]:
    w, h = im.size
    if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # stored sideways
        return h, w
    return w, h


def _draft_for_outputs(im: Image.Image, displayed: tuple[int, int]) -> None:
    """Let the JPEG decoder scale down while decoding (much faster for big phone photos),
    never below what the largest variant and the og:image need."""
    if im.format != "JPEG":
        return
    w, h = displayed
    og_scale = max(OG_SIZE[0] / w, OG_SIZE[1] / h)
    scale = min(1.0, max(og_scale, max(VARIANT_WIDTHS) / w))
    need = (math.ceil(w * scale), math.ceil(h * scale))
    if (w, h) != im.size:  # stored sideways
        need = (need[1], need[0])
    im.draft(im.mode if im.mode in ("RGB", "L") else None, need)


def _to_rgb(im: Image.Image) -> Image.Image:
    """RGB, or RGBA when the source has any transparency."""
    if im.mode in ("RGB", "RGBA"):
        return im
    if im.mode.startswith("I;16") or im.mode == "I":  # 16-bit greyscale PNG
        im = im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif im.mode == "F":
        im = im.convert("L")
    return im.convert("RGBA" if _has_alpha(im) else "RGB")


def _has_alpha(im: Image.Image) -> bool:
    return im.mode in ("RGBA", "LA", "La", "PA", "RGBa") or (im.mode == "P" and "transparency" in im.info)


def _to_srgb(im: Image.Image, icc: bytes) -> Image.Image:
    """Convert from an embedded colour profile (e.g. Display P3 from phones, or a CMYK
    print profile) to sRGB, since the outputs carry no profile. A profile that is sRGB
    already, or that cannot be used, is ignored."""
    try:
        from PIL import ImageCms

        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in (ImageCms.getProfileDescription(src) or "").lower():
            return _to_rgb(im)
        mode = "RGBA" if _has_alpha(im) else "RGB"
        if im.mode not in ("RGB", "RGBA", "CMYK", "L"):  # modes littlecms cannot take
            im = _to_rgb(im)
        return ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode=mode)
    except Exception:  # noqa: BLE001 - any profile problem: keep the pixels as they are
        return _to_rgb(im)


def _resize(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    if im.size == size:
        return im
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _flatten(im: Image.Image) -> Image.Image:
    """JPEG has no transparency: put transparent images on white."""
    if im.mode != "RGBA":
        return im
    background = Image.new("RGB", im.size, (255, 255, 255))
    background.paste(im, mask=im.getchannel("A"))
    return background


def _average_color(im: Image.Image) -> str:
    r, g, b = im.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{r:02x}{g:02x}{b:02x}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and os.replace, so a concurrent build never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the site's files must be world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
