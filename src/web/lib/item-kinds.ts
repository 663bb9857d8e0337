import type { PostSummary, Study, UserCard } from "../api/types";

// Lists that hold one of several kinds (search tabs, profile tabs) tell them apart by a field only
// that kind has, instead of a cast that would believe whatever the previous tab left behind.
type Listed = PostSummary | Study | UserCard;

export const isPostSummary = (item: Listed): item is PostSummary => "excerpt" in item;
export const isStudy = (item: Listed): item is Study => "mode" in item;
export const isUserCard = <T extends Listed>(item: T): item is Extract<T, UserCard> => "nickname" in item;
