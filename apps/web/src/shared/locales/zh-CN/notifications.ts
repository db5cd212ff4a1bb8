/** zh-CN strings of the notifications screens (console and H5). Keys start with `notifications.`. */
export default {
} satisfies Record<string, string>;
