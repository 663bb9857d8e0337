import { useEffect, useRef } from "preact/hooks";
import { IMAGE_ALT_MAX, MAX_POST_IMAGES } from "../../shared/limits";
import { t } from "../i18n";

/**
 * One picture in the editor. New ones (`file`) are uploaded when the post is saved, because the alt
 * text travels with the upload and cannot be changed afterwards.
 */
export interface DraftImage {
  key: string;
  previewUrl: string;
  alt: string;
  progress: number;
  imageId: string | null;
  error: string | null;
  file?: File;
}

interface Props {
  images: DraftImage[];
  onAdd: (files: File[]) => void;
  onChange: (images: DraftImage[]) => void;
  uploading: boolean;
}

/** Pick, preview, reorder, describe and remove the post's pictures. */
export const ImagePicker = ({ images, onAdd, onChange, uploading }: Props) => {
  const move = (index: number, by: number) => {
    const next = images.slice();
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + by, 0, item);
    onChange(next);
  };
  const update = (key: string, change: Partial<DraftImage>) =>
    onChange(images.map((image) => (image.key === key ? { ...image, ...change } : image)));

  return (
    <fieldset class="image-picker">
      <legend>
        {t("images.legend")} <span class="muted small">{t("images.hint", { max: MAX_POST_IMAGES })}</span>
      </legend>
      <ol class="image-drafts">
        {images.map((image, index) => (
          <li key={image.key} class="image-draft">
            <img src={image.previewUrl} alt={image.alt || t("images.preview", { n: index + 1 })} />
            {image.imageId === null && (uploading || image.progress > 0) && !image.error && (
              <progress max={1} value={image.progress} aria-label={t("images.progress", { n: index + 1 })} />
            )}
            {image.error && (
              <p class="field-error" role="alert">
                {image.error}
              </p>
            )}
            <label class="small">
              {t("images.alt")}
              <input
                value={image.alt}
                maxLength={IMAGE_ALT_MAX}
                disabled={image.imageId !== null || uploading}
                placeholder={t("images.altPlaceholder")}
                onInput={(event) => update(image.key, { alt: event.currentTarget.value })}
              />
            </label>
            <div class="image-draft-actions">
              <button
                type="button"
                class="btn btn-small"
                disabled={index === 0 || uploading}
                onClick={() => move(index, -1)}
                aria-label={t("images.moveUp", { n: index + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                class="btn btn-small"
                disabled={index === images.length - 1 || uploading}
                onClick={() => move(index, 1)}
                aria-label={t("images.moveDown", { n: index + 1 })}
              >
                ↓
              </button>
              <button
                type="button"
                class="btn btn-small btn-danger"
                disabled={uploading}
                onClick={() => onChange(images.filter((other) => other.key !== image.key))}
                aria-label={t("images.remove", { n: index + 1 })}
              >
                {t("common.delete")}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {images.length < MAX_POST_IMAGES && (
        <label class="btn file-button">
          {t("images.add")}
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            multiple
            class="sr-only"
            data-testid="image-input"
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])].slice(0, MAX_POST_IMAGES - images.length);
              event.currentTarget.value = "";
              if (files.length) onAdd(files);
            }}
          />
        </label>
      )}
    </fieldset>
  );
};

/** Frees the preview blobs when the editor goes away. */
export const useRevokePreviews = (images: DraftImage[]) => {
  const latest = useRef(images);
  latest.current = images;
  useEffect(
    () => () => {
      for (const image of latest.current)
        if (image.previewUrl.startsWith("blob:")) URL.revokeObjectURL(image.previewUrl);
    },
    [],
  );
};
