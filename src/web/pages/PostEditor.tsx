import { useEffect, useRef, useState } from "preact/hooks";
import { MAX_IMAGE_BYTES, POST_BODY_MAX, POST_TITLE_MAX } from "../../shared/limits";
import { api, call, errorText } from "../api/client";
import { uploadImage } from "../api/images";
import { currentUser } from "../api/session";
import { type DraftImage, ImagePicker, useRevokePreviews } from "../components/ImagePicker";
import { MarkdownEditor } from "../components/markdown/MarkdownEditor";
import { ErrorBox, FieldError, LoadError, Loading } from "../components/States";
import { intlLocale, t } from "../i18n";
import { apiUrl } from "../lib/api-origin";
import { navigate } from "../lib/nav";
import { useStore } from "../lib/store";
import { useTitle } from "../lib/title";
import { useLoad } from "../lib/use-load";

let draftKey = 0;

const fromFile = (file: File): DraftImage => ({
  key: `new-${draftKey++}`,
  previewUrl: URL.createObjectURL(file),
  alt: "",
  progress: 0,
  imageId: null,
  error: file.size > MAX_IMAGE_BYTES ? t("editor.imageTooBig") : null,
  file,
});

/** `/posts/new` and `/posts/:id/edit`. */
export const PostEditor = ({ id }: { id?: string }) => {
  useTitle(id ? t("editor.titleEdit") : t("editor.titleNew"));
  const me = useStore(currentUser);
  const existing = useLoad(
    async () => (id ? await call(api.posts[":id"].$get({ param: { id } })) : null),
    id ?? "new",
  );
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [images, setImages] = useState<DraftImage[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const imagesRef = useRef(images);
  imagesRef.current = images;
  useRevokePreviews(images);

  useEffect(() => {
    const post = existing.data;
    if (!post) return;
    setTitle(post.title);
    setBody(post.body);
    setImages(
      post.images.map((image) => ({
        key: image.id,
        previewUrl: apiUrl(image.url),
        alt: image.alt ?? "",
        progress: 1,
        imageId: image.id,
        error: null,
      })),
    );
  }, [existing.data]);

  if (existing.loading) return <Loading />;
  if (existing.error) return <LoadError loaded={existing} missing="notFound.post" />;
  if (existing.data && me && existing.data.author.id !== me.id) {
    return <ErrorBox message={t("editor.onlyOwn")} />;
  }

  const patchImage = (key: string, change: Partial<DraftImage>) =>
    setImages((list) => list.map((image) => (image.key === key ? { ...image, ...change } : image)));

  /** Uploads the new pictures one by one (progress shown), then saves the post with the ordered ids. */
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (saving) return;
    setError(null);
    if (imagesRef.current.some((image) => image.error && image.file && image.file.size > MAX_IMAGE_BYTES)) {
      setError(t("editor.removeTooBig"));
      return;
    }
    setSaving(true);
    try {
      const ids: string[] = [];
      for (const image of imagesRef.current) {
        if (image.imageId) {
          ids.push(image.imageId);
          continue;
        }
        if (!image.file) continue;
        patchImage(image.key, { error: null, progress: 0 });
        try {
          const uploaded = await uploadImage(image.file, image.alt.trim(), (progress) =>
            patchImage(image.key, { progress }),
          );
          patchImage(image.key, { imageId: uploaded.id, progress: 1 });
          ids.push(uploaded.id);
        } catch (failure) {
          patchImage(image.key, { error: errorText(failure) });
          throw failure;
        }
      }
      const saved = id
        ? await call(api.posts[":id"].$patch({ param: { id }, json: { title, body, imageIds: ids } }))
        : await call(api.posts.$post({ json: { title, body, imageIds: ids } }));
      navigate(`/posts/${saved.id}`, Boolean(id));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="narrow card" aria-labelledby="editor-heading">
      <h1 id="editor-heading">{id ? t("editor.titleEdit") : t("editor.headingNew")}</h1>
      <form class="stack" onSubmit={onSubmit}>
        <label>
          {t("editor.title")}
          <input
            name="title"
            value={title}
            onInput={(event) => setTitle(event.currentTarget.value)}
            maxLength={POST_TITLE_MAX}
            required
          />
        </label>
        <div>
          <MarkdownEditor
            value={body}
            onChange={setBody}
            label={t("editor.body")}
            maxLength={POST_BODY_MAX}
          />
          <span class="muted small counter">
            {body.length.toLocaleString(intlLocale())} / {(10000).toLocaleString(intlLocale())}
          </span>
        </div>
        <ImagePicker
          images={images}
          uploading={saving}
          onAdd={(files) => setImages((list) => [...list, ...files.map(fromFile)])}
          onChange={setImages}
        />
        <FieldError message={error} />
        <div class="row-end">
          <button type="button" class="btn" onClick={() => history.back()} disabled={saving}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="btn btn-primary" disabled={saving}>
            {saving ? t("editor.saving") : id ? t("editor.update") : t("editor.publish")}
          </button>
        </div>
      </form>
    </section>
  );
};
