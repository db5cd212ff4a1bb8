/** en-US strings of the merchants screens (console and H5). Keys start with `merchants.`. */
export default {
} satisfies Record<string, string>;
