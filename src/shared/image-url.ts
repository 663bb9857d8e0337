/** Where an R2 image is served (src/features/images/serve.ts). */
export const imageUrl = (key: string) => `/images/${key}`;
