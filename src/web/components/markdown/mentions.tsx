import type { JSX } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { api, call } from "../../api/client";
import type { UserCard } from "../../api/types";
import { t } from "../../i18n";
import { Avatar } from "../Avatar";

/** The `@word` being typed right before the caret, if any. */
const typedMention = (text: string, caret: number) => {
  const match = /(^|[^A-Za-z0-9_@./+-])@([A-Za-z0-9_]{1,20})$/.exec(text.slice(0, caret));
  return match?.[2] ? { prefix: match[2], start: caret - match[2].length - 1 } : null;
};

/**
 * `@` suggestions for a textarea (posts, comments, chat): typing `@ab` lists matching people
 * (GET /api/users?prefix=), ↑/↓ choose, Enter or Tab or a click puts `@handle ` in place, Esc
 * closes. `onKeyDown` returns true when it used the key (the caller then does nothing else with it).
 */
export const useMentionSuggestions = (value: string, setValue: (next: string) => void) => {
  const [query, setQuery] = useState<{ prefix: string; start: number; caret: number } | null>(null);
  const [people, setPeople] = useState<UserCard[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    if (!query) {
      setPeople([]);
      return;
    }
    let live = true;
    call(api.users.$get({ query: { prefix: query.prefix } }))
      .then((found) => {
        if (!live) return;
        setPeople(found.items);
        setActive(0);
      })
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [query?.prefix]);

  /** Call from the textarea's input and click handlers. */
  const track = (field: HTMLTextAreaElement) => {
    const caret = field.selectionStart ?? field.value.length;
    const found = field.selectionStart === field.selectionEnd ? typedMention(field.value, caret) : null;
    setQuery(found ? { ...found, caret } : null);
  };

  const pick = (person: UserCard, field?: HTMLTextAreaElement | null) => {
    if (!query) return;
    const inserted = `@${person.handle} `;
    setValue(value.slice(0, query.start) + inserted + value.slice(query.caret));
    setQuery(null);
    const caret = query.start + inserted.length;
    if (field) requestAnimationFrame(() => field.setSelectionRange(caret, caret));
  };

  const open = query !== null && people.length > 0;

  const onKeyDown = (event: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || event.isComposing) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => (index + (event.key === "ArrowDown" ? 1 : people.length - 1)) % people.length);
      return true;
    }
    if (event.key === "Enter" || event.key === "Tab") {
      const person = people[active];
      if (!person) return false;
      event.preventDefault();
      pick(person, event.currentTarget);
      return true;
    }
    if (event.key === "Escape") {
      setQuery(null);
      return true;
    }
    return false;
  };

  const list = open ? (
    <ul class="mention-suggestions" id={listId} aria-label={t("markdown.mentionList")}>
      {people.map((person, index) => (
        <li key={person.id} class={index === active ? "active" : undefined}>
          <button
            type="button"
            tabIndex={-1}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() =>
              pick(
                person,
                document.activeElement instanceof HTMLTextAreaElement ? document.activeElement : null,
              )
            }
          >
            <Avatar user={person} size={24} />
            <span>{person.nickname}</span>
            <span class="muted small">@{person.handle}</span>
          </button>
        </li>
      ))}
    </ul>
  ) : null;

  return { track, onKeyDown, list };
};
