/** en-US strings of the h5 app. */
export default {} as Record<string, string>;
